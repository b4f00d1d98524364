using Kernel.Algorithms.SecondOrder;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>Sizes are checked before anything is allocated: one message naming the setting instead of an overflow or an out-of-memory.</summary>
public sealed class RunLimitsTests
{
    [Theory]
    [InlineData(8, 600_000_000, "rollout_steps = 600000000: must be in 1..268435448 with num_envs = 8")]
    [InlineData(8, int.MaxValue, "rollout_steps = 2147483647: must be in 1..268435448 with num_envs = 8")]
    [InlineData(8, 268_435_448, "num_envs x rollout_steps = 2147483584 with policy_hidden = 64,64 and value_hidden = 64,64 in fp32: the run needs at least ")]
    public void ABatchBeyondAnArrayOrTheMemoryIsRefused(int envs, int rolloutSteps, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainConfig { Rollout = new RolloutOptions { NumEnvs = envs, RolloutSteps = rolloutSteps } }.Validate());
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALayerBeyondAnArrayIsRefusedNamingTheWidths()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainConfig { Policy = new PolicyOptions { Hidden = [50000, 50000] } }.Validate());
        Assert.StartsWith("policy_hidden = 50000,50000: must be widths whose layers each hold at most 2147483591 weights (50000 x 50000 = 2500000000 do not fit one array)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SolverSettingsAreBoundedByTheBatchAndAFixedIterationLimit()
    {
        var trpo = TrainConfig.ForAlgorithm("trpo");
        Assert.StartsWith("cg_iterations = 2147483647: must be in 1..100000", Assert.Throws<ArgumentOutOfRangeException>(() => (trpo with { TrustRegion = new TrustRegionOptions { CgIterations = int.MaxValue } }).Validate()).Message, StringComparison.Ordinal);
        Assert.StartsWith("fisher_stride = 2147483647: must be in 1..2048", Assert.Throws<ArgumentOutOfRangeException>(() => (trpo with { TrustRegion = new TrustRegionOptions { FisherStride = int.MaxValue } }).Validate()).Message, StringComparison.Ordinal);
        (trpo with { TrustRegion = new TrustRegionOptions { FisherStride = 2048, CgIterations = RunLimits.MaxCgIterations } }).Validate();
    }
}
