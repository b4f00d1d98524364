using System.Globalization;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>eval_every: deterministic evaluation on separate env copies (004 appendix A) into eval.csv, and timing.csv.</summary>
public sealed class PeriodicEvaluationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-eval-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // Squashed (004's tanh policy) on Pendulum-v1: its 200-step episodes keep the evaluations short.
    private static TrainConfig Config(string algorithm, int evalEvery)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        return defaults with
        {
            Seed = 3,
            TotalSteps = 5 * 64,
            EvalEvery = evalEvery,
            EvalEpisodes = 2,
            CheckpointEvery = 1,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [8], Squash = true },
            Value = defaults.Value with { Hidden = [8] },
        };
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    [InlineData("reinforce")]
    public void EvaluatingLeavesTheTrainingMetricsAndWeightsAsTheyAreWithoutIt(string algorithm)
    {
        string with = Path.Combine(directory, "with");
        string without = Path.Combine(directory, "without");
        TrainingRun.Run(Config(algorithm, evalEvery: 1), with);
        TrainingRun.Run(Config(algorithm, evalEvery: 0), without);

        Assert.Equal(File.ReadAllBytes(Path.Combine(without, MetricsWriter.CsvFileName)), File.ReadAllBytes(Path.Combine(with, MetricsWriter.CsvFileName)));
        Assert.Equal(Tensors(TrainingRun.CheckpointPath(without, 5)), Tensors(TrainingRun.CheckpointPath(with, 5))); // the config metadata differs
        Assert.True(File.Exists(Path.Combine(with, PeriodicEvaluation.FileName)));
        Assert.False(File.Exists(Path.Combine(without, PeriodicEvaluation.FileName)));
    }

    // Every tensor of a checkpoint (weights, optimiser moments, normaliser statistics, env and RNG state) by name.
    private static string[] Tensors(string checkpoint)
        => [.. SafeTensorsFile.Read(checkpoint).Tensors.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => $"{t.Name} {Convert.ToHexString(t.Data)}")];

    [Fact]
    public void EachRowIsTheDeterministicEvaluationOfThatUpdatesCheckpointOnItsOwnSeeds()
    {
        TrainConfig config = Config("ppo", evalEvery: 2);
        TrainingRun.Run(config, directory);
        string[] lines = File.ReadAllLines(Path.Combine(directory, PeriodicEvaluation.FileName));

        Assert.Equal("update," + string.Join(',', PeriodicEvaluation.Names), lines[0]);
        double[][] rows = [.. lines.Skip(1).Select(line => line.Split(',').Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray())];
        Assert.Equal([2.0, 4, 5], rows.Select(row => row[0])); // every 2 updates and after the last
        Assert.Equal([128.0, 256, 320], rows.Select(row => row[1]));
        foreach (double[] row in rows)
        {
            long update = (long)row[0];

            // From the checkpoint alone, on a fresh env copy with the mode and the frozen statistics: nothing of the
            // training envs or streams enters the evaluation.
            double[] returns = TrainingRun.Evaluate(directory, TrainingRun.CheckpointPath(directory, update), 2, PeriodicEvaluation.Seed(config, update));
            Assert.Equal(returns.Average(), row[2], 12);
            Assert.Equal(2, row[4]);
            Assert.All(returns, value => Assert.InRange(value, -16.2736044 * 200, 0));
        }

        Assert.NotEqual(PeriodicEvaluation.Seed(config, 2), PeriodicEvaluation.Seed(config, 4));
        string again = Path.Combine(directory, "again");
        TrainingRun.Run(config, again);
        Assert.Equal(lines, File.ReadAllLines(Path.Combine(again, PeriodicEvaluation.FileName)));
    }

    [Fact]
    public void TheModeTakesNoSampleSoRepeatedEvaluationsAgreeWhileTheActionStreamStandsStill()
    {
        using var trainer = PolicyGradientTrainer<double>.Open(Config("ppo", evalEvery: 1));
        trainer.Update();
        var before = trainer.Collector.ActionRandom.NextUInt64();
        using var twin = PolicyGradientTrainer<double>.Open(Config("ppo", evalEvery: 1));
        twin.Update();
        double[] first = twin.Evaluate(3, seed: 11);
        Assert.Equal(first, twin.Evaluate(3, seed: 11));
        Assert.Equal(before, twin.Collector.ActionRandom.NextUInt64());
        Assert.NotEqual(first, twin.Evaluate(3, seed: 12));
    }

    [Theory]
    [InlineData("a2c", 0)]
    [InlineData("vmpo", 2)]
    public void TimingHasARowPerUpdateWithNonNegativeSecondsThatAddUp(string algorithm, int evalEvery)
    {
        TrainingRun.Run(Config(algorithm, evalEvery), directory);
        string[] lines = File.ReadAllLines(Path.Combine(directory, UpdateTiming.FileName));

        Assert.Equal("update," + string.Join(',', UpdateTiming.Names), lines[0]);
        Assert.Equal(6, lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            double[] row = [.. lines[i].Split(',').Select(cell => double.Parse(cell, CultureInfo.InvariantCulture))];
            (double update, double step, double env, double inference, double collect, double updateSeconds, double eval, double rate) = (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
            Assert.Equal(i, update);
            Assert.Equal(64 * i, step);
            Assert.All(row[2..], value => Assert.True(value >= 0, lines[i]));
            Assert.True(env > 0 && inference > 0 && updateSeconds > 0, lines[i]);
            Assert.True(env + inference <= collect, lines[i]);
            Assert.Equal(64 / (collect + updateSeconds), rate, 6);
            Assert.Equal(evalEvery > 0 && (i % evalEvery == 0 || i == 5), eval > 0);
        }
    }

    [Fact]
    public void AResumeCutsTimingAndEvaluationsBackToTheCheckpoint()
    {
        TrainConfig config = Config("ppo", evalEvery: 1);
        TrainingRun.Run(config with { TotalSteps = 3 * 64 }, directory);
        // A killed process may leave rows after the resume point: the resume must cut them.
        File.AppendAllText(Path.Combine(directory, PeriodicEvaluation.FileName), "9,1,2,3,4\n5,1");
        TrainingRun.Resume(directory, totalSteps: config.TotalSteps);

        Assert.Equal(["1", "2", "3", "4", "5"], File.ReadAllLines(Path.Combine(directory, PeriodicEvaluation.FileName)).Skip(1).Select(line => line.Split(',')[0]));
        Assert.Equal(["1", "2", "3", "4", "5"], File.ReadAllLines(Path.Combine(directory, UpdateTiming.FileName)).Skip(1).Select(line => line.Split(',')[0]));
    }

    [Theory]
    [InlineData(-1, 10, "eval_every")]
    [InlineData(2, 0, "eval_episodes")]
    public void OutOfRangeSettingsAreRefusedByName(int every, int episodes, string name)
    {
        TrainConfig config = Config("ppo", every) with { EvalEpisodes = episodes };
        var refusal = Assert.Throws<ArgumentOutOfRangeException>(config.Validate);
        Assert.Equal(name, refusal.ParamName);
    }
}
