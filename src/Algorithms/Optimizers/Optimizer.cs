using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Optimizers;

/// <summary>
/// Updates tape parameters in place from the gradients accumulated on their tape (<see cref="Tape{T}.AccumulatedGradient"/>), like a
/// PyTorch optimiser whose parameters all have gradients: a parameter the loss did not reach is stepped with a zero
/// gradient, as after <c>zero_grad(set_to_none=False)</c>.
/// <para>
/// State precision: buffers are kept in fp32 for fp16 parameters and in the parameters' precision otherwise. fp16 state
/// would break Adam outright: its eps of 1e-8 rounds to 0 in fp16 and second moments below 6e-8 flush to zero, so a
/// small gradient would take a step of lr * m / eps instead of about lr. Each element is computed in the state precision
/// and rounded once to fp16 when written back.
/// </para>
/// <para>After warm-up (the first call may touch tape pools), <see cref="Step"/> allocates nothing on the managed heap.</para>
/// <para>
/// Parameters on a device backend are stepped on the host: <see cref="Step"/> downloads their values and gradients,
/// applies the same update as for host parameters, and uploads the values (one transfer each way per parameter).
/// </para>
/// Thread-safety: not thread-safe; use it on the thread that owns the parameters' tape.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public abstract class Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NamedParameter<T>[] parameters;

    /// <summary>Host copies of the values of device parameters (null for parameters in host memory, updated in place).</summary>
    private readonly T[]?[] staged;
    private double learningRate;

    private protected Optimizer(IReadOnlyList<NamedParameter<T>> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("parameters is empty; an optimiser needs at least one parameter.", nameof(parameters));
        }

        this.parameters = new NamedParameter<T>[parameters.Count];
        for (int i = 0; i < this.parameters.Length; i++)
        {
            NamedParameter<T> parameter = parameters[i];
            CheckParameter(parameter, i, nameof(parameters));
            for (int j = 0; j < i; j++)
            {
                if (this.parameters[j].Name == parameter.Name)
                {
                    throw new ArgumentException(
                        $"parameters[{j}] and parameters[{i}] are both named \"{parameter.Name}\"; names must be distinct (they key the optimiser's state).", nameof(parameters));
                }

                if (this.parameters[j].Tensor == parameter.Tensor)
                {
                    throw new ArgumentException(
                        $"parameters[{j}] (\"{this.parameters[j].Name}\") and parameters[{i}] (\"{parameter.Name}\") are the same tensor; each parameter must appear once.", nameof(parameters));
                }
            }

            this.parameters[i] = parameter;
        }

        staged = new T[]?[this.parameters.Length];
        for (int i = 0; i < staged.Length; i++)
        {
            Tensor<T> tensor = this.parameters[i].Tensor;
            staged[i] = tensor.IsHostMemory ? null : new T[tensor.Length];
        }

        Hyperparameters.CheckNonNegative(learningRate, nameof(learningRate));
        Parameters = Array.AsReadOnly(this.parameters);
        this.learningRate = learningRate;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>The step size used by the next <see cref="Step"/>: finite and &gt;= 0 (set it from a <see cref="LearningRateSchedule"/>).</summary>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            Hyperparameters.CheckNonNegative(value, nameof(LearningRate));
            learningRate = value;
        }
    }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Number of parameters.</summary>
    private protected int Count => parameters.Length;

    /// <summary>"adam" or "sgd", the kind recorded in exported state.</summary>
    public abstract string Kind { get; }

    /// <summary>The precision the state is kept in: "fp32" for fp16 parameters, otherwise that of the parameters.</summary>
    public static string StatePrecision => typeof(T) == typeof(Half) ? Precision.NameOf<float>() : Precision.NameOf<T>();

    /// <summary>Updates every parameter from its accumulated gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < staged.Length; i++)
        {
            if (staged[i] is { } host)
            {
                parameters[i].Tensor.CopyTo(host);
            }
        }

        Update(StepCount);
        for (int i = 0; i < staged.Length; i++)
        {
            if (staged[i] is { } host)
            {
                parameters[i].Tensor.SetValues(host);
            }
        }
    }

    /// <summary>The step count and every buffer, copied.</summary>
    public OptimizerState ExportState()
    {
        var buffers = new Dictionary<string, double[]>();
        foreach (IStateBuffers set in BuffersAt(StepCount))
        {
            set.Export(buffers);
        }

        return new OptimizerState(Kind, StepCount, StatePrecision, buffers);
    }

    /// <summary>
    /// Restores a state exported by an optimiser of the same kind over parameters with the same names and sizes. Every
    /// check runs before anything changes; buffers are rounded to this optimiser's state precision.
    /// </summary>
    public void ImportState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(state.Buffers, nameof(state));
        if (state.Optimizer != Kind)
        {
            throw new ArgumentException($"state is from optimiser \"{state.Optimizer}\"; this one is \"{Kind}\".", nameof(state));
        }

        if (state.StepCount < 0)
        {
            throw new ArgumentException($"state has StepCount {state.StepCount}; it must be >= 0.", nameof(state));
        }

        IReadOnlyList<IStateBuffers> sets = BuffersAt(state.StepCount);
        var expected = new HashSet<string>();
        foreach (IStateBuffers set in sets)
        {
            set.AddKeys(expected);
        }

        foreach (string key in state.Buffers.Keys)
        {
            if (!expected.Contains(key))
            {
                throw new ArgumentException($"state has a buffer \"{key}\" that no parameter of this optimiser has.", nameof(state));
            }
        }

        foreach (IStateBuffers set in sets)
        {
            set.CheckImport(state.Buffers, nameof(state));
        }

        foreach (IStateBuffers set in sets)
        {
            set.Import(state.Buffers);
        }

        StepCount = state.StepCount;
    }

    /// <summary>The update of step number <paramref name="step"/> (1 for the first).</summary>
    private protected abstract void Update(long step);

    /// <summary>The buffers a state after <paramref name="stepCount"/> steps holds (exported, expected and imported alike).</summary>
    private protected abstract IReadOnlyList<IStateBuffers> BuffersAt(long stepCount);

    /// <summary>The parameters' names, for naming state buffers.</summary>
    private protected string[] ParameterNames()
    {
        var names = new string[parameters.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = parameters[i].Name;
        }

        return names;
    }

    /// <summary>The parameters' element counts.</summary>
    private protected int[] ParameterLengths()
    {
        var lengths = new int[parameters.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = parameters[i].Tensor.Length;
        }

        return lengths;
    }

    /// <summary>The parameter's writable values: in place in host memory, or the host copy of a device parameter during <see cref="Step"/>.</summary>
    private protected Span<T> ValuesOf(int index) => staged[index] ?? parameters[index].Tensor.LeafValues;

    /// <summary>The gradient accumulated in the parameter (zeros when none).</summary>
    private protected ReadOnlySpan<T> GradientOf(int index)
    {
        Tensor<T> parameter = parameters[index].Tensor;
        return parameter.Tape.AccumulatedGradient(parameter).Values;
    }

    private static void CheckParameter(NamedParameter<T> parameter, int index, string listName)
    {
        if (parameter.Name is null)
        {
            throw new ArgumentException($"parameters[{index}] has no name; names key the optimiser's state.", listName);
        }

        if (!parameter.Tensor.IsValid)
        {
            throw new ArgumentException($"parameters[{index}] (\"{parameter.Name}\") is a default or stale tensor handle.", listName);
        }

        if (parameter.Tensor.TapeIndex != -1)
        {
            throw new ArgumentException(
                $"parameters[{index}] (\"{parameter.Name}\") is a {parameter.Tensor.OpName} recorded on the tape, not a tape parameter (Tape.Parameter); only parameters survive Reset() and can be updated in place.", listName);
        }
    }
}
