namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// One buffer per parameter (a moment, a momentum), in the optimiser's state precision <typeparamref name="TState"/>,
/// named "&lt;parameter&gt;.&lt;buffer&gt;" in exported state.
/// </summary>
/// <typeparam name="TState">float for fp16 parameters, otherwise the parameters' own type.</typeparam>
internal sealed class StateBuffers<TState> : IStateBuffers
    where TState : unmanaged, IBinaryFloatingPointIeee754<TState>
{
    private readonly TState[][] buffers;
    private readonly string[] keys;

    public StateBuffers(IReadOnlyList<string> parameterNames, IReadOnlyList<int> lengths, string bufferName)
    {
        buffers = new TState[parameterNames.Count][];
        keys = new string[parameterNames.Count];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new TState[lengths[i]];
            keys[i] = $"{parameterNames[i]}.{bufferName}";
        }
    }

    /// <summary>The buffer of parameter <paramref name="index"/>.</summary>
    public Span<TState> this[int index] => buffers[index];

    /// <summary>Adds every buffer, widened to double, to <paramref name="destination"/>.</summary>
    public void Export(Dictionary<string, double[]> destination)
    {
        for (int i = 0; i < buffers.Length; i++)
        {
            var values = new double[buffers[i].Length];
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = double.CreateTruncating(buffers[i][j]);
            }

            destination.Add(keys[i], values);
        }
    }

    /// <summary>Adds every key this set expects to <paramref name="expected"/>.</summary>
    public void AddKeys(HashSet<string> expected)
    {
        foreach (string key in keys)
        {
            expected.Add(key);
        }
    }

    /// <summary>
    /// Checks that <paramref name="source"/> has every buffer with the right length (before anything is changed);
    /// errors name the caller's argument <paramref name="name"/>.
    /// </summary>
    public void CheckImport(IReadOnlyDictionary<string, double[]> source, string name)
    {
        for (int i = 0; i < buffers.Length; i++)
        {
            if (!source.TryGetValue(keys[i], out double[]? values) || values is null)
            {
                throw new ArgumentException($"{name} has no buffer \"{keys[i]}\".", name);
            }

            if (values.Length != buffers[i].Length)
            {
                throw new ArgumentException($"{name} buffer \"{keys[i]}\" has {values.Length} values; the parameter has {buffers[i].Length}.", name);
            }
        }
    }

    /// <summary>Copies every buffer from <paramref name="source"/>, rounding to <typeparamref name="TState"/>; call <see cref="CheckImport"/> first.</summary>
    public void Import(IReadOnlyDictionary<string, double[]> source)
    {
        for (int i = 0; i < buffers.Length; i++)
        {
            double[] values = source[keys[i]];
            for (int j = 0; j < values.Length; j++)
            {
                buffers[i][j] = TState.CreateTruncating(values[j]);
            }
        }
    }
}
