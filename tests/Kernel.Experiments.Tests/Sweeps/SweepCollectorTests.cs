using Kernel.Experiments.Sweeps;
using Xunit;

namespace Kernel.Experiments.Tests.Sweeps;

public sealed class SweepCollectorTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-collect-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void AHandMadeSweepGivesTheExpectedTable()
    {
        var spec = new SweepSpec("hand", [new("env", "Pendulum-v1")], [new SweepAxis("algo", ["ppo", "cpg"]), new SweepAxis("seed", ["1"])]);
        SweepLayout layout = SweepLayout.At(directory);
        layout.Prepare(spec);

        // ppo: 12 updates, returns -34 .. -12 (the last 10 are -30 .. -12 with one NaN), a ratio that overflowed to
        // Infinity in update 12 (left out of the maximum) and no explosion.
        WriteRun(layout, spec.Cells[0], new CellStatus("algo=ppo_seed=1", CellState.Finished, 0, 1, 12.5, "h", null, null, null),
            "update,step,return_mean,ratio_log10_max,kl_max,exploded,exploded_at",
            [.. Enumerable.Range(1, 12).Select(u => $"{u},{u * 100},{(u == 11 ? "NaN" : (-(13 - u) * 2 - 10).ToString())},{(u == 12 ? "Infinity" : $"0.{u}")},{u * 0.5},false,")]);

        // cpg: exploded at update 3 with a quoted exploded_at holding a comma.
        WriteRun(layout, spec.Cells[1], new CellStatus("algo=cpg_seed=1", CellState.Exploded, 3, 2, 4.25, "h", null, null, "exploded"),
            "update,step,return_mean,ratio_log10_max,kl_max,exploded,exploded_at",
            ["1,100,-50,1.5,0.1,false,", "2,200,-40,2.5,,false,", "3,300,,NaN,NaN,true,\"gradient policy.0.weight (inf, nan)\""]);

        IReadOnlyList<CellSummary> rows = SweepCollector.Summaries(layout, spec);
        (string csv, string json) = SweepCollector.WriteTable(layout, spec, rows);

        // ppo: the last 10 updates are 3..12 with returns -30 -28 ... -14 -12 less update 11: mean of 9 values.
        double[] tail = [.. Enumerable.Range(3, 10).Where(u => u != 11).Select(u => (double)(-(13 - u) * 2 - 10))];
        string expected = string.Join('\n',
            "algo,seed,cell,state,exit_code,updates,steps,final_return,best_return,exploded,exploded_update,exploded_at,ratio_log10_max,kl_max,wall_seconds",
            $"ppo,1,algo=ppo_seed=1,finished,0,12,1200,{tail.Average():R},-12,false,,,0.9,6,12.5",
            "cpg,1,algo=cpg_seed=1,exploded,3,3,300,-45,-40,true,3,\"gradient policy.0.weight (inf, nan)\",2.5,0.1,4.25") + "\n";
        Assert.Equal(expected, File.ReadAllText(csv));
        string jsonText = File.ReadAllText(json);
        Assert.Contains("\"exploded_at\": \"gradient policy.0.weight (inf, nan)\"", jsonText, StringComparison.Ordinal);
        Assert.Contains("\"exploded_update\": null", jsonText, StringComparison.Ordinal);
    }

    [Fact]
    public void AGroupedFigureIsDrawnForEachGroup()
    {
        var spec = new SweepSpec("hand", [], [new SweepAxis("algo", ["ppo"]), new SweepAxis("seed", ["1", "2"])]);
        SweepLayout layout = SweepLayout.At(directory);
        layout.Prepare(spec);
        foreach (SweepCell cell in spec.Cells)
        {
            WriteRun(layout, cell, CellStatus.NotStarted(cell.Id) with { State = CellState.Finished }, "update,step,return_mean", ["1,100,-5", $"2,200,{-4 + cell.Index}"]);
        }

        string png = Path.Combine(layout.FiguresDirectory, "return_mean.png");
        SweepCollector.GroupedFigure(layout, spec, "return_mean", png, logY: false);
        Assert.True(new FileInfo(png).Length > 1000);
        var error = Assert.Throws<ArgumentException>(() => SweepCollector.GroupedFigure(layout, spec, "kl_max", png, logY: true));
        Assert.Equal("metric = kl_max: no cell has a finite value of it to draw. (Parameter 'metric')", error.Message);
    }

    private static void WriteRun(SweepLayout layout, SweepCell cell, CellStatus status, string header, string[] rows)
    {
        Directory.CreateDirectory(layout.CellDirectory(cell));
        File.WriteAllLines(Path.Combine(layout.CellDirectory(cell), RunMetrics.FileName), [header, .. rows]);
        status.Write(layout.CellStatusPath(cell));
    }
}
