using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 Figs 5 and 16 on one checkpoint: the pairwise cosine similarity of M gradient estimates per sample count N
/// (as <see cref="GradientQuality"/>, the same sample sets for every baseline) with the run's advantage estimator, GAE
/// (gamma, lambda), run with three value functions b(s) (eq 16): the value network (exactly the run's advantages), a
/// "true" value function fitted to the empirical returns of a separate large sample (<see cref="TrueValueFunction{T}"/>;
/// seed DeriveSeed(seed, 2 000 000)), and zero (the advantages replaced by returns, discounted by gamma lambda). Advantages are normalised over each estimate's sample when the run normalises them, for
/// every baseline. Also each baseline's mean relative error against the empirical returns of the estimates' samples.
/// </summary>
public static class BaselineComparison
{
    /// <summary>The baselines, in the order of the result's arrays.</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["value_network", "true_value", "zero"];

    /// <summary>The seed index of the true value function's fitting sample.</summary>
    public const ulong FitSampleIndex = 2_000_000;

    /// <summary>
    /// GAE advantages of every row of <paramref name="set"/>, rollout by rollout as the run computes them, with
    /// baseline values b(s) per row, b at each rollout's last observations and, at time-limit truncations,
    /// <paramref name="finalValues"/> per row (the final observation is not kept: b at the truncated transition's own
    /// state stands in for it).
    /// </summary>
    private static void Advantages(SampleSet set, ReadOnlySpan<double> values, ReadOnlySpan<double> lastValues, ReadOnlySpan<double> finalValues, GaeOptions options, Span<double> advantages, Span<double> returns)
    {
        RolloutBuffer buffer = set.Buffer;
        int rows = buffer.Count / set.Rollouts;
        for (int r = 0; r < set.Rollouts; r++)
        {
            int first = r * rows;
            GeneralizedAdvantageEstimator.Compute(
                new GaeRollout<double>
                {
                    Rewards = buffer.Rewards.AsSpan(first, rows),
                    Values = values.Slice(first, rows),
                    LastValues = lastValues.Slice(r * buffer.Envs, buffer.Envs),
                    Terminated = buffer.Terminated.AsSpan(first, rows),
                    Truncated = buffer.Truncated.AsSpan(first, rows),
                    FinalValues = finalValues.Slice(first, rows),
                },
                options,
                advantages.Slice(first, rows),
                returns.Slice(first, rows));
        }
    }

    /// <summary>Measures on <paramref name="trainer"/>'s current policy (which is not changed).</summary>
    /// <param name="trainer">A trainer with the checkpoint loaded.</param>
    /// <param name="samples">The sample counts N, ascending.</param>
    /// <param name="estimates">M per N (at least 2).</param>
    /// <param name="fitSamples">Samples the true value function is fitted on.</param>
    /// <param name="epochs">Epochs of that fit.</param>
    /// <param name="seed">The measurement's seed.</param>
    /// <param name="progress">Told about each finished sample set.</param>
    public static BaselineResult Measure<T>(PolicyGradientTrainer<T> trainer, IReadOnlyList<int> samples, int estimates, int fitSamples, int epochs, ulong seed, Action<int, int>? progress = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        EstimateCounts.Check(samples, estimates);
        var sampler = new FrozenPolicySampler<T>(trainer);
        var estimator = PolicyGradientEstimator<T>.Of(trainer);
        var trueValue = new TrueValueFunction<T>(trainer);
        SampleSet fitSet = sampler.Allocate(fitSamples);
        sampler.Collect(fitSet, KernelRandom.DeriveSeed(seed, FitSampleIndex));
        trueValue.Fit(fitSet, trainer.Config, epochs, KernelRandom.DeriveSeed(seed, FitSampleIndex + 1));
        progress?.Invoke(1, estimates + 1);

        int largest = samples[^1];
        SampleSet set = sampler.Allocate(largest);
        var gradients = new double[Baselines.Count][][][]; // [baseline][N][estimate] -> gradient
        var advantages = new double[Baselines.Count][];
        var errors = new double[Baselines.Count][];
        for (int b = 0; b < Baselines.Count; b++)
        {
            advantages[b] = new double[set.Buffer.Count];
            errors[b] = new double[estimates];
            gradients[b] = new double[samples.Count][][];
            for (int k = 0; k < samples.Count; k++)
            {
                gradients[b][k] = new double[estimates][];
            }
        }

        int rows = set.Buffer.Count;
        var trueValues = new double[rows];
        var trueLastValues = new double[set.LastObservations.Length / set.Buffer.ObservationSize];
        var zeros = new double[rows];
        var gaeReturns = new double[rows];
        var gae = new GaeOptions(trainer.Config.Rollout.Gamma, trainer.Config.Rollout.GaeLambda);
        for (int m = 0; m < estimates; m++)
        {
            sampler.Collect(set, KernelRandom.DeriveSeed(seed, (ulong)m));
            RolloutBuffer buffer = set.Buffer;
            trueValue.Evaluate(buffer.Observations, rows, trueValues);
            trueValue.Evaluate(set.LastObservations, trueLastValues.Length, trueLastValues);
            buffer.Advantages.AsSpan(0, largest).CopyTo(advantages[0]);
            Advantages(set, trueValues, trueLastValues, trueValues, gae, advantages[1], gaeReturns);
            Advantages(set, zeros, zeros, zeros, gae, advantages[2], gaeReturns);

            double[] empirical = ValuePrediction.EmpiricalReturns(buffer, trainer.Config.Rollout.Gamma)[..largest];
            errors[0][m] = ValuePrediction.RelativeError(buffer.Values.AsSpan(0, largest), empirical);
            errors[1][m] = ValuePrediction.RelativeError(trueValues.AsSpan(0, largest), empirical);
            errors[2][m] = ValuePrediction.RelativeError(zeros.AsSpan(0, largest), empirical);
            for (int b = 0; b < Baselines.Count; b++)
            {
                for (int k = 0; k < samples.Count; k++)
                {
                    gradients[b][k][m] = new double[estimator.Size];
                    estimator.Estimate(buffer, samples[k], advantages[b].AsSpan(0, samples[k]), gradients[b][k][m]);
                }
            }

            progress?.Invoke(m + 2, estimates + 1);
        }

        var pairwise = new double[Baselines.Count][][];
        for (int b = 0; b < Baselines.Count; b++)
        {
            pairwise[b] = new double[samples.Count][];
            for (int k = 0; k < samples.Count; k++)
            {
                pairwise[b][k] = Cosine.Pairwise(gradients[b][k]);
            }
        }

        return new BaselineResult([.. samples], estimates, pairwise, errors, trueValue.FittedSamples, trueValue.EpochLosses);
    }
}
