using System.Globalization;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>steps.csv: one row per optimisation step of a first-order update (log_steps; 000 Fig 3).</summary>
public sealed class StepLogTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-steps-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static TrainConfig Config(string algorithm)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        return defaults with
        {
            LogSteps = true,
            CheckpointEvery = 1,
            Seed = 2,
            TotalSteps = 3 * 128,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 64 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 3 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
    }

    [Theory]
    [InlineData(NumericPrecision.Fp32)]
    [InlineData(NumericPrecision.Fp64)]
    public void EveryStepHasARowAndTheFirstSeesNoKl(NumericPrecision precision)
    {
        TrainingRun.Run(Config("ppo") with { Precision = precision }, directory);
        string[][] rows = Rows(directory);

        Assert.Equal(string.Join(',', StepRecord.Names), File.ReadLines(Path.Combine(directory, StepLogWriter.FileName)).First());
        Assert.Equal(3 * 3 * 4, rows.Length); // updates x epochs x minibatches of 32 in 128
        Assert.Equal(Enumerable.Range(1, rows.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[3]));
        Assert.Equal(["1", "1", "1"], rows[0][..3]);
        Assert.Equal(["3", "3", "4"], rows[^1][..3]);
        Assert.Equal(0, Number(rows[0][4])); // old == current before the first step
        // The analytic KL is >= 0 up to the cancellation of a few roundings in the run's precision.
        double rounding = 16 * (precision == NumericPrecision.Fp32 ? (double)(MathF.BitIncrement(1f) - 1f) : Math.BitIncrement(1.0) - 1.0);
        Assert.All(rows[1..], r => Assert.True(Number(r[4]) >= -rounding, string.Join(',', r)));
        Assert.Contains(rows, r => Number(r[4]) > 0);
        Assert.All(rows, r => Assert.True(Number(r[6]) <= Number(r[5]) || Number(r[6]) <= Math.Log10(1.2) + 1e-12));
        Assert.All(rows, r => Assert.Equal("false", r[9]));
    }

    [Fact]
    public void AnObjectiveWithoutAClipLeavesTheClippedColumnEmptyAndNoOptionWritesNoFile()
    {
        TrainingRun.Run(Config("ppo-noclip"), directory);
        Assert.All(Rows(directory), r => Assert.Equal(string.Empty, r[6]));

        string plain = Path.Combine(directory, "plain");
        TrainingRun.Run(Config("ppo") with { LogSteps = false }, plain);
        Assert.False(File.Exists(Path.Combine(plain, StepLogWriter.FileName)));
    }

    [Fact]
    public void AnExplodingRunEndsWithTheExplodedStep()
    {
        // The fp16 explosion of PolicyGradientTrainerTests: lr 1000 without clipping makes the loss infinite within the first update.
        TrainConfig config = new() { Precision = NumericPrecision.Fp16, TotalSteps = 20_000, LogSteps = true, Optimizer = new OptimizerOptions { LearningRate = 1000, MaxGradNorm = null } };
        TrainingOutcome outcome = TrainingRun.Run(config, directory);

        Assert.True(outcome.Exploded);
        string[][] rows = Rows(directory);
        Assert.Equal("true", rows[^1][9]);
        Assert.All(rows[..^1], r => Assert.Equal("false", r[9]));
        Assert.False(double.IsFinite(Number(rows[^1][7])) && double.IsFinite(Number(rows[^1][8])), string.Join(',', rows[^1]));
    }

    [Fact]
    public void AResumedRunWritesTheSameStepsAsTheUninterruptedRun()
    {
        TrainConfig config = Config("ppo-kl");
        string whole = Path.Combine(directory, "whole");
        string killed = Path.Combine(directory, "killed");
        TrainingRun.Run(config, whole);
        TrainingRun.Run(config, killed);

        // A kill during update 3: its checkpoint and metrics row gone, half of its steps written, the last one torn.
        File.Delete(TrainingRun.CheckpointPath(killed, 3));
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.CsvFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.CsvFileName))[..3]);
        File.WriteAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName), File.ReadAllLines(Path.Combine(killed, MetricsWriter.JsonLinesFileName))[..2]);
        string steps = Path.Combine(killed, StepLogWriter.FileName);
        File.WriteAllLines(steps, File.ReadAllLines(steps)[..(1 + 24 + 6)]);
        File.AppendAllText(steps, "3,2,3,31,0.01");

        TrainingRun.Resume(killed);

        Assert.Equal(File.ReadAllText(Path.Combine(whole, StepLogWriter.FileName)), File.ReadAllText(steps));
    }

    private static string[][] Rows(string run) => [.. File.ReadAllLines(Path.Combine(run, StepLogWriter.FileName))[1..].Select(line => line.Split(','))];

    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
