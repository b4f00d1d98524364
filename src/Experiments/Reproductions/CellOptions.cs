using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions;

/// <summary>
/// Options that depend on a cell's axis values (Table 3's widths per env in 000, Table 2's column per algorithm in
/// 004), which a sweep's base options cannot express: <see cref="With"/> turns every cell into an include entry
/// carrying its own extra options and excludes the product, so the axes stay for grouping and reports.
/// </summary>
public static class CellOptions
{
    /// <summary>
    /// The same cells, each with the options of <paramref name="extra"/> for it added, except those the cell already
    /// sets (an axis or an earlier include entry wins).
    /// </summary>
    public static SweepSpec With(SweepSpec spec, Func<SweepCell, IEnumerable<KeyValuePair<string, string>>> extra)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(extra);
        IReadOnlyList<KeyValuePair<string, string>>[] include =
        [
            .. spec.Cells.Select(cell => (IReadOnlyList<KeyValuePair<string, string>>)[.. cell.Values, .. extra(cell).Where(option => !cell.Values.Any(pair => pair.Key == option.Key))]),
        ];
        SweepAxis first = spec.Axes[0];
        IReadOnlyDictionary<string, string>[] everyProductCell = [.. first.Values.Select(value => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [first.Name] = value })];
        return new SweepSpec(spec.Name, spec.Base, spec.Axes, everyProductCell, include, spec.BaseConfig);
    }
}
