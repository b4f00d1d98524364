using Kernel.Experiments.Reproductions.Paper000;
using Kernel.Experiments.Reproductions.Paper001;
using Kernel.Experiments.Reproductions.Paper002;
using Kernel.Experiments.Reproductions.Paper004;

namespace Kernel.Experiments.Reproductions;

/// <summary>The seed papers' registered experiments (<c>kernel reproduce list</c>).</summary>
public static class ExperimentRegistry
{
    /// <summary>Every registered experiment, by paper.</summary>
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new RatioExplosionExperiment(),
        new Fig2Fig6ExplosionExperiment(),
        new Table1MeanTransformExperiment(),
        new Fig3ConstraintsExperiment(),
        new Table2VpgExperiment(),
        new Fig4Fig5CpgExperiment(),
        new Table6Fig7Experiment(),
        new Fig1AblationExperiment(),
        new Fig2Fig3GradientQualityExperiment(),
        new Fig4ValuePredictionExperiment(),
        new Fig5BaselinesExperiment(),
        new Fig6Fig8LandscapesExperiment(),
        new Fig9TrustRegionsExperiment(),
        new Fig13UpdateStepVarianceExperiment(),
        new TrustRegionsExperiment(),
        new Fig2LandscapesExperiment(),
        new Fig7DoublePendulumExperiment(),
        new Fig6SigmaSweepExperiment(),
        new Fig8QuadrotorSpikeExperiment(),
        new Fig4Fig5ComparisonExperiment(),
        new B2EntropyExperiment(),
        new B3EpochsExperiment(),
    ];

    /// <summary>The experiment with this id.</summary>
    /// <exception cref="ArgumentException">No experiment has it (the message lists the ids).</exception>
    public static IExperiment Find(string id) =>
        All.FirstOrDefault(experiment => experiment.Id == id)
        ?? throw new ArgumentException($"experiment = {id}: not registered; the experiments are {string.Join(", ", All.Select(experiment => experiment.Id))}.", nameof(id));
}
