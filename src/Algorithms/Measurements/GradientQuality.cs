using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 Figs 2 and 3 (and 11, 12) on one checkpoint: M independent gradient estimates (<see cref="PolicyGradientEstimator{T}"/>)
/// per sample count N, their pairwise cosine similarity (the estimator's variance), and each one's cosine similarity
/// to a "true" gradient estimated from a separate, large sample. Estimate m draws one sample set of max(N) pairs with
/// seed DeriveSeed(seed, m) and uses its first N pairs for every N, so the M estimates at one N are independent (the
/// curves across N are nested); the true gradient's set uses DeriveSeed(seed, 1 000 000).
/// </summary>
public static class GradientQuality
{
    /// <summary>The seed index of the true gradient's sample set (far above any estimate's index).</summary>
    public const ulong TrueSampleIndex = 1_000_000;

    /// <summary>Measures on <paramref name="trainer"/>'s current policy (which is not changed).</summary>
    /// <param name="trainer">A trainer with the checkpoint loaded.</param>
    /// <param name="samples">The sample counts N, ascending, each at least 1.</param>
    /// <param name="estimates">M, estimates per N (at least 2).</param>
    /// <param name="trueSamples">Samples of the true gradient (at least max N).</param>
    /// <param name="seed">The measurement's seed.</param>
    /// <param name="progress">Told about each finished sample set (index, sets in all).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range (named).</exception>
    public static GradientQualityResult Measure<T>(PolicyGradientTrainer<T> trainer, IReadOnlyList<int> samples, int estimates, int trueSamples, ulong seed, Action<int, int>? progress = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        EstimateCounts.Check(samples, estimates);
        int largest = samples[^1];
        if (trueSamples < largest)
        {
            throw new ArgumentOutOfRangeException(nameof(trueSamples), trueSamples, $"true_samples = {trueSamples}: must be at least the largest sample count ({largest}).");
        }

        var sampler = new FrozenPolicySampler<T>(trainer);
        var estimator = PolicyGradientEstimator<T>.Of(trainer);
        var gradients = new double[samples.Count][][];
        for (int k = 0; k < samples.Count; k++)
        {
            gradients[k] = new double[estimates][];
        }

        double seconds = 0;
        long steps = 0;
        SampleSet set = sampler.Allocate(largest);
        for (int m = 0; m < estimates; m++)
        {
            sampler.Collect(set, KernelRandom.DeriveSeed(seed, (ulong)m));
            seconds += set.CollectSeconds;
            steps += set.StepsTaken;
            for (int k = 0; k < samples.Count; k++)
            {
                gradients[k][m] = new double[estimator.Size];
                estimator.Estimate(set.Buffer, samples[k], gradients[k][m]);
            }

            progress?.Invoke(m + 1, estimates + 1);
        }

        set = sampler.Allocate(trueSamples);
        sampler.Collect(set, KernelRandom.DeriveSeed(seed, TrueSampleIndex));
        seconds += set.CollectSeconds;
        steps += set.StepsTaken;
        var trueGradient = new double[estimator.Size];
        estimator.Estimate(set.Buffer, trueSamples, trueGradient);
        progress?.Invoke(estimates + 1, estimates + 1);

        var pairwise = new double[samples.Count][];
        var toTrue = new double[samples.Count][];
        var norms = new double[samples.Count][];
        for (int k = 0; k < samples.Count; k++)
        {
            pairwise[k] = Cosine.Pairwise(gradients[k]);
            toTrue[k] = [.. gradients[k].Select(g => Cosine.Similarity(g, trueGradient))];
            norms[k] = [.. gradients[k].Select(g => Math.Sqrt(g.Sum(x => x * x)))];
        }

        return new GradientQualityResult([.. samples], estimates, trueSamples, pairwise, toTrue, norms, Math.Sqrt(trueGradient.Sum(x => x * x)), estimator.Size, steps, seconds);
    }
}
