using System.Globalization;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// One run of a sweep: its stable id (also its folder name under cells/), its position in the sweep's cell list (the
/// Slurm array index), the values that distinguish it (axes, in the spec's axis order, then an include entry's extra
/// options) and the full set of options it runs with (the spec's base overridden by those values). Option names are
/// the command's flags without the dashes; values are the flag's text. Two option names are the cell's own and are
/// not passed on: <see cref="CommandOption"/> (which <c>kernel</c> command the cell runs, <c>train</c> unless set) and
/// <see cref="StageOption"/> (cells of a later stage start once every cell of the earlier stages has ended, so an
/// analysis cell can read a training cell's run; 0 unless set). In option values, <see cref="CellsPlaceholder"/>
/// stands for the sweep's cells directory, so a cell can name another cell's run directory.
/// </summary>
/// <param name="Index">Position in <see cref="SweepSpec.Cells"/>.</param>
/// <param name="Id">Stable id built from <paramref name="Values"/>, e.g. <c>algo=ppo_seed=1</c>.</param>
/// <param name="Values">The options that tell this cell apart from the others, in axis order.</param>
/// <param name="Options">Every option of the cell: base, then <paramref name="Values"/>.</param>
public sealed record SweepCell(int Index, string Id, IReadOnlyList<KeyValuePair<string, string>> Values, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>The option naming the <c>kernel</c> command a cell runs (words separated by spaces, e.g. <c>landscape</c>).</summary>
    public const string CommandOption = "command";

    /// <summary>The option giving a cell's stage (a non-negative integer).</summary>
    public const string StageOption = "stage";

    /// <summary>The text that stands for the sweep's cells directory in option values.</summary>
    public const string CellsPlaceholder = "{cells}";

    /// <summary>The command a cell runs when it does not set <see cref="CommandOption"/>.</summary>
    public const string TrainCommand = "train";

    /// <summary>The <c>kernel</c> command this cell runs, e.g. <c>train</c> or <c>landscape</c>.</summary>
    public string Command => Get(CommandOption) ?? TrainCommand;

    /// <summary>Whether the cell is a <c>kernel train</c> run (resumable from its checkpoints, with metrics.csv).</summary>
    public bool IsTraining => Command == TrainCommand;

    /// <summary>The cell's stage: 0 unless <see cref="StageOption"/> sets it (the spec checks it is a non-negative integer).</summary>
    public int Stage => Get(StageOption) is { } stage ? int.Parse(stage, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

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

    /// <summary>
    /// The command's arguments for the options, e.g. <c>--algo ppo --seed 1</c>: every option but the cell's own
    /// (<see cref="CommandOption"/>, <see cref="StageOption"/>), with <see cref="CellsPlaceholder"/> replaced by
    /// <paramref name="cellsDirectory"/>.
    /// </summary>
    public IEnumerable<string> Arguments(string cellsDirectory)
    {
        foreach (KeyValuePair<string, string> option in Options)
        {
            if (option.Key is CommandOption or StageOption)
            {
                continue;
            }

            yield return "--" + option.Key;
            yield return option.Value.Replace(CellsPlaceholder, cellsDirectory, StringComparison.Ordinal);
        }
    }
}
