using System.Globalization;
using System.Text.Json.Nodes;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper001;

/// <summary>One finished <c>kernel analyze ...</c> cell of an <see cref="AnalysisSweep"/>: the run it measured and its JSON summary.</summary>
internal sealed record AnalysisCell(string Env, string Algo, string Seed, int Update, JsonNode Summary)
{
    /// <summary>"algo seed N" (with the env first when <paramref name="withEnv"/>).</summary>
    public string Label(bool withEnv = false) => withEnv ? $"{Env} {Algo} seed {Seed}" : $"{Algo} seed {Seed}";

    /// <summary>The run's key: (env, algo, seed).</summary>
    public (string Env, string Algo, string Seed) Run => (Env, Algo, Seed);

    /// <summary>Every analysis cell of <paramref name="data"/> whose <paramref name="file"/> summary exists (the unfinished ones are left out), ordered by env, algo, seed and update.</summary>
    public static IReadOnlyList<AnalysisCell> ReadAll(ExperimentData data, string file)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cells = new List<AnalysisCell>();
        foreach (SweepCell cell in data.Plan.Sweep.Cells.Where(cell => !cell.IsTraining))
        {
            string path = Path.Combine(data.Layout.CellDirectory(cell), file);
            if (!File.Exists(path))
            {
                continue;
            }

            string run = cell.Get("run")!;
            string id = run[(run.LastIndexOf('/') + 1)..];
            string Part(string key) => id.Split('_').First(part => part.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
            cells.Add(new AnalysisCell(Part("env"), Part("algo"), Part("seed"), int.Parse(cell.Get("update")!, CultureInfo.InvariantCulture), JsonNode.Parse(File.ReadAllText(path))!));
        }

        return [.. cells.OrderBy(c => c.Env, StringComparer.Ordinal).ThenBy(c => c.Algo, StringComparer.Ordinal).ThenBy(c => c.Seed, StringComparer.Ordinal).ThenBy(c => c.Update)];
    }

    /// <summary>A number of the summary (NaN when absent or null).</summary>
    public static double Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out double number) ? number : double.NaN;
}
