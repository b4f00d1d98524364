using System.Globalization;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>
/// The trust-region quantities of seed 001 section 5.4 (Figures 9 and 29): <see cref="PolicyChange"/> against a
/// closed form, the held-out measurement of heldout_steps against the training batch's, its independence from the
/// training run, and TRPO's updates that left the policy as it was (step_rejected).
/// </summary>
public sealed class HeldoutTrustRegionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-heldout-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static TrainConfig Config(string algorithm, int heldoutSteps, int heldoutEvery = 1)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        return defaults with
        {
            Seed = 5,
            TotalSteps = 6 * 64,
            Precision = NumericPrecision.Fp64,
            CheckpointEvery = 6,
            HeldoutSteps = heldoutSteps,
            HeldoutEvery = heldoutEvery,
            Rollout = defaults.Rollout with { NumEnvs = 2, RolloutSteps = 32 },
            Optimizer = defaults.Optimizer with { MinibatchSize = 32, Epochs = 2 },
            Policy = defaults.Policy with { Hidden = [8] },
            Value = defaults.Value with { Hidden = [8] },
        };
    }

    private static double LogNormal(double a, double mean, double std)
        => (-0.5 * ((a - mean) / std) * ((a - mean) / std)) - Math.Log(std) - (0.5 * Math.Log(2 * Math.PI));

    [Fact]
    public void ThePolicyChangeOfAHandMadeBatchIsTheClosedFormKLAndRatio()
    {
        // Pendulum's one action in [-2, 2]; the current policy is N(0.3, 0.5^2) at every state (output layer zeroed).
        using var trainer = PolicyGradientTrainer<double>.Open(Config("ppo", 0));
        const double mean = 0.3, std = 0.5;
        NamedParameter<double>[] policy = [.. trainer.Networks.Policy.Parameters];
        policy[^2].Tensor.SetValues(new double[policy[^2].Tensor.Values.Length]);
        policy[^1].Tensor.SetValues([mean]);
        trainer.Networks.Parameters.Single(p => p.Name.EndsWith("log_std", StringComparison.Ordinal)).Tensor.SetValues([Math.Log(std)]);

        (double Mean, double Std, double Action)[] old = [(0.0, 1.0, 0.1), (0.5, 0.4, 1.5), (-1.0, 0.8, -0.2), (0.3, 0.5, 0.3)];
        var buffer = new RolloutBuffer(old.Length, 1, 3, 1, 2);
        var random = new Random(7);
        for (int i = 0; i < old.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                buffer.Observations[(3 * i) + j] = random.NextDouble() - 0.5;
            }

            buffer.OldPolicy[2 * i] = old[i].Mean;
            buffer.OldPolicy[(2 * i) + 1] = old[i].Std;
            buffer.Actions[i] = old[i].Action;
            buffer.LogProbs[i] = LogNormal(old[i].Action, old[i].Mean, old[i].Std);
        }

        // KL(N(m0, s0^2) || N(m1, s1^2)) = log(s1 / s0) + (s0^2 + (m0 - m1)^2) / (2 s1^2) - 1/2.
        double[] kl = [.. old.Select(o => Math.Log(std / o.Std) + (((o.Std * o.Std) + ((o.Mean - mean) * (o.Mean - mean))) / (2 * std * std)) - 0.5)];
        double[] logRatio = [.. old.Select(o => LogNormal(o.Action, mean, std) - LogNormal(o.Action, o.Mean, o.Std))];

        PolicyChange change = PolicyChange.Measure(trainer.Networks, buffer);

        Assert.Equal(kl.Average(), change.KlMean, 1e-12);
        Assert.Equal(kl.Max(), change.KlMax, 1e-12);
        Assert.Equal(logRatio.Max() / Math.Log(10), change.RatioLog10Max, 1e-12);
        Assert.True(kl.Max() > 0.5 && kl[3] < 1e-15); // the last state's policy did not move; the others did, a lot
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    public void HeldOutQuantitiesOnTheTrainingBatchAreTheTrainingBatchQuantities(string algorithm)
    {
        TrainConfig config = Config(algorithm, heldoutSteps: 64);
        using var trainer = PolicyGradientTrainer<double>.Open(config);
        HeldoutBatch heldout = trainer.Heldout!;
        Assert.Equal(trainer.Collector.Buffer.Count, heldout.Buffer.Count);
        for (int update = 0; update < 3; update++)
        {
            UpdateRecord record = trainer.Update();
            Assert.True(double.IsFinite(record.HeldoutKlMean) && record.HeldoutKlMean > 0, $"heldout_kl_mean {record.HeldoutKlMean}");

            // The held-out buffer made the training batch: the held-out numbers must be the training batch's.
            RolloutBuffer training = trainer.Collector.Buffer;
            training.Observations.CopyTo(heldout.Buffer.Observations, 0);
            training.Actions.CopyTo(heldout.Buffer.Actions, 0);
            training.OldPolicy.CopyTo(heldout.Buffer.OldPolicy, 0);
            training.LogProbs.CopyTo(heldout.Buffer.LogProbs, 0);
            var onTraining = new UpdateRecord();
            heldout.Describe(trainer.Networks, onTraining);

            Assert.Equal(record.KlMean, onTraining.HeldoutKlMean);
            Assert.Equal(record.KlMax, onTraining.HeldoutKlMax);
            Assert.Equal(record.RatioLog10MaxAfter, onTraining.HeldoutRatioLog10Max);
        }
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("trpo")]
    public void MeasuringOnHeldOutTrajectoriesLeavesTheTrainingRunAsItIsWithoutIt(string algorithm)
    {
        string with = Path.Combine(directory, "with");
        string without = Path.Combine(directory, "without");
        TrainingRun.Run(Config(algorithm, heldoutSteps: 100, heldoutEvery: 2), with);
        TrainingRun.Run(Config(algorithm, heldoutSteps: 0), without);

        string[] plain = File.ReadAllLines(Path.Combine(without, MetricsWriter.CsvFileName));
        string[] measured = File.ReadAllLines(Path.Combine(with, MetricsWriter.CsvFileName));
        Assert.Equal(string.Join(',', UpdateRecord.Names.Concat(UpdateRecord.TrustRegionNames)), measured[0]);
        Assert.Equal(plain.Length, measured.Length);
        int columns = UpdateRecord.Names.Count;
        for (int row = 1; row < plain.Length; row++)
        {
            Assert.Equal(plain[row], string.Join(',', measured[row].Split(',').Take(columns)));
            string[] cells = measured[row].Split(',');
            double klMean = double.Parse(cells[Array.IndexOf(measured[0].Split(','), "heldout_kl_mean")], CultureInfo.InvariantCulture);
            // heldout_every 2: updates 2, 4, 6 measured (100 steps on 2 copies: 50 rows each), the others NaN.
            Assert.True(row % 2 == 0 ? klMean > 0 : double.IsNaN(klMean), $"update {row}: heldout_kl_mean {klMean}");
        }

        Assert.Equal(Tensors(TrainingRun.CheckpointPath(without, 6)), Tensors(TrainingRun.CheckpointPath(with, 6)));
    }

    private static string[] Tensors(string checkpoint)
        => [.. Kernel.Algorithms.Checkpoints.SafeTensorsFile.Read(checkpoint).Tensors.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => $"{t.Name} {Convert.ToHexString(t.Data)}")];

    [Fact]
    public void ATrpoUpdateThatLeftThePolicyAsItWasIsFlaggedAndMeasuredAfterItsStep()
    {
        // One line-search try at a large budget: many full steps fail the surrogate or KL test and are rejected.
        TrainConfig config = Config("trpo", heldoutSteps: 64) with { TotalSteps = 20 * 64 };
        config = config with { TrustRegion = config.TrustRegion with { MaxKl = 2, LineSearchSteps = 1 } };
        using var trainer = PolicyGradientTrainer<double>.Open(config);
        int rejected = 0, accepted = 0;
        for (int update = 0; update < 20; update++)
        {
            UpdateRecord record = trainer.Update();
            if (record.StepRejected == 1)
            {
                rejected++;
                // theta_old restored exactly: KL and log-ratio are 0 up to the rounding of their formulas (not exactly 0,
                // which is why kl_mean cannot stand in for the flag).
                Assert.InRange(record.KlMean, -1e-12, 1e-12);
                Assert.InRange(record.RatioLog10MaxAfter, -1e-12, 1e-12);
                Assert.InRange(record.HeldoutKlMean, -1e-12, 1e-12);
            }
            else
            {
                Assert.Equal(0, record.StepRejected);
                accepted++;
                Assert.True(record.KlMean > 1e-9, $"kl_mean {record.KlMean}");
            }

            // TRPO's own ratio column is measured after its one step, so it is the after-update ratio.
            Assert.Equal(record.RatioLog10Max, record.RatioLog10MaxAfter, 1e-9);
        }

        Assert.True(rejected > 0 && accepted > 0, $"{rejected} rejected, {accepted} accepted");
    }

    [Fact]
    public void HeldoutSettingsOutOfRangeAreRefusedByName()
    {
        TrainConfig config = Config("ppo", -1);
        Assert.Contains("heldout_steps", Assert.Throws<ArgumentOutOfRangeException>(config.Validate).Message, StringComparison.Ordinal);
        config = Config("ppo", 10, 0);
        Assert.Contains("heldout_every", Assert.Throws<ArgumentOutOfRangeException>(config.Validate).Message, StringComparison.Ordinal);
    }
}
