namespace Kernel.Experiments.Sweeps;

/// <summary>
/// One run of a sweep: its stable id (also its folder name under cells/), its position in the sweep's cell list (the
/// Slurm array index), the values that distinguish it (axes, in the spec's axis order, then an include entry's extra
/// options) and the full set of <c>kernel train</c> options it runs with (the spec's base overridden by those values).
/// Option names are <c>kernel train</c>'s flags without the dashes; values are the flag's text.
/// </summary>
/// <param name="Index">Position in <see cref="SweepSpec.Cells"/>.</param>
/// <param name="Id">Stable id built from <paramref name="Values"/>, e.g. <c>algo=ppo_seed=1</c>.</param>
/// <param name="Values">The options that tell this cell apart from the others, in axis order.</param>
/// <param name="Options">Every option the cell passes to <c>kernel train</c>: base, then <paramref name="Values"/>.</param>
public sealed record SweepCell(int Index, string Id, IReadOnlyList<KeyValuePair<string, string>> Values, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>The value of option <paramref name="name"/> in this cell (base or axis), or null when not set.</summary>
    public string? Get(string name)
    {
        foreach (KeyValuePair<string, string> option in Options)
        {
            if (option.Key == name)
            {
                return option.Value;
            }
        }

        return null;
    }

    /// <summary>The <c>kernel train</c> arguments for the options, e.g. <c>--algo ppo --seed 1</c>.</summary>
    public IEnumerable<string> TrainArguments()
    {
        foreach (KeyValuePair<string, string> option in Options)
        {
            yield return "--" + option.Key;
            yield return option.Value;
        }
    }
}
