using System.Text.Json;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>Issue 17 item 7: an overflow of host data cast into the tape is reported as that cast, with its label and fp64 value.</summary>
public sealed class HostCastReportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-cast-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheFp16MeanShiftRunNamesTheCastOfTheAdvantagesInNumericsJson()
    {
        // kernel train --env DoublePendulum-v0 --precision fp16 --steps 2000 --envs 1 --rollout-steps 1000 --mean-shift 100
        //   --policy-hidden 64,64 --normalize-advantages false --scale-rewards false
        TrainConfig config = new()
        {
            Env = "DoublePendulum-v0",
            Precision = NumericPrecision.Fp16,
            TotalSteps = 2000,
            Rollout = new RolloutOptions { NumEnvs = 1, RolloutSteps = 1000, NormalizeAdvantages = false, ScaleRewards = false },
            Policy = new PolicyOptions { Gaussian = new GaussianOptions { MeanShift = 100 }, Hidden = [64, 64] },
        };
        TrainingOutcome outcome = TrainingRun.Run(config, directory);

        Assert.True(outcome.Exploded);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, TrainingRun.NumericsFileName)));
        JsonElement root = report.RootElement;
        Assert.Equal("cast", root.GetProperty("op").GetString());
        Assert.Equal("advantage", root.GetProperty("label").GetString());
        Assert.Equal("forward", root.GetProperty("pass").GetString());
        Assert.True(root.GetProperty("fp64_value").GetDouble() < -65504, root.GetProperty("monitor").GetString());
        Assert.StartsWith("cast(\"advantage\") = -", root.GetProperty("monitor").GetString(), StringComparison.Ordinal);
        Assert.Contains(" < fp16 min -65504", root.GetProperty("monitor").GetString(), StringComparison.Ordinal);
    }
}
