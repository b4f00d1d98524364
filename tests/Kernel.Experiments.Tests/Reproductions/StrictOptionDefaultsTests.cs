using Kernel.Algorithms.Training;
using Kernel.Experiments.Reproductions;
using Xunit;

namespace Kernel.Experiments.Tests.Reproductions;

/// <summary>
/// Settings that apply to one algorithm only are refused for the others, so experiments that share options across
/// algorithms leave them at their defaults; these tests pin that the defaults are the values the papers use.
/// </summary>
public sealed class StrictOptionDefaultsTests
{
    [Fact]
    public void TrpoDefaultKlBudgetIsTheTrustRegionExperimentsDelta()
        => Assert.Equal(TrustRegionsExperiment.Delta, TrainConfig.ForAlgorithm("trpo").TrustRegion.MaxKl);

    [Fact]
    public void PpoKlDefaultPenaltyIsPaper000Table3B()
        => Assert.Equal(0.01, TrainConfig.ForAlgorithm("ppo-kl").Surrogate.KlBeta);
}
