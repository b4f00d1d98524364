using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 Fig 4 (and 15) on held-out samples of a frozen policy: the value network's mean relative error
/// mean |V(s) - y| / |y| against two targets, the GAE targets it is trained on (V_old + A_GAE, eq 17) and the empirical
/// discounted returns R_t = sum_k gamma^k r_(t+k) of the sampled episodes, both in the rewards as trained on (scaled
/// when the run scales them). An empirical return needs its episode's tail: a sample counts when its episode
/// terminates inside the collected rollouts, or when at least H steps of its episode follow it there, with
/// gamma^H &lt;= <see cref="TailWeight"/> (the unseen tail, cut by the time limit or by the end of the data, then weighs
/// at most 0.1% of a return); the other samples are left out of the returns' MRE.
/// </summary>
public static class ValuePrediction
{
    /// <summary>The largest discount weight an unseen tail may have for a sample's empirical return to count.</summary>
    public const double TailWeight = 1e-3;

    /// <summary>Per-sample values, GAE targets and empirical returns (NaN where the tail is unseen) of the set's first Count samples, with the two MREs.</summary>
    /// <param name="set">Held-out samples (<see cref="FrozenPolicySampler{T}"/>), rollouts end to end.</param>
    /// <param name="gamma">The run's discount.</param>
    public static ValuePredictionResult Measure(SampleSet set, double gamma)
    {
        ArgumentNullException.ThrowIfNull(set);
        RolloutBuffer buffer = set.Buffer;
        double[] returns = EmpiricalReturns(buffer, gamma);
        int count = set.Count;
        double[] values = buffer.Values[..count];
        double[] targets = buffer.Returns[..count];
        double[] empirical = returns[..count];
        return new ValuePredictionResult(values, targets, empirical, RelativeError(values, targets), RelativeError(values, empirical));
    }

    /// <summary>
    /// Seed 001 Fig 14: the value network on the state-action pairs it was trained on. The trainer, opened at
    /// checkpoint K with the run's env, normaliser and RNG state, makes update K + 1 exactly as the run made it (resume is
    /// bit for bit); the updated value network is then measured on that update's batch against its GAE targets and the
    /// empirical returns of the episodes that terminate inside the batch (a single rollout holds no tail long enough for
    /// the others, <see cref="EmpiricalReturns"/>).
    /// </summary>
    /// <param name="trainer">A trainer at a checkpoint whose next update is within the run's schedule.</param>
    /// <exception cref="InvalidOperationException">That update exploded.</exception>
    public static ValuePredictionResult MeasureTrainingBatch<T>(PolicyGradientTrainer<T> trainer)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        trainer.Collector.FreezeStatistics = false; // the replayed update normalises and scales as the run did
        if (trainer.Update(null) is null || trainer.Exploded)
        {
            throw new InvalidOperationException($"the replayed update {trainer.Updates} exploded ({trainer.ExplosionReport?.Describe() ?? "a non-finite value"}).");
        }

        RolloutBuffer buffer = trainer.Collector.Buffer;
        int count = buffer.Count;
        var values = new double[count];
        using (trainer.Networks.Tape.NoGrad())
        {
            trainer.Networks.Values(trainer.Networks.Input(buffer.Observations, count), values);
        }

        double[] targets = buffer.Returns[..count];
        double[] empirical = EmpiricalReturns(buffer, trainer.Config.Rollout.Gamma);
        return new ValuePredictionResult(values, targets, empirical, RelativeError(values, targets), RelativeError(values, empirical));
    }

    /// <summary>
    /// R_t of every sample of a time-major buffer whose copies' trajectories run on from row to row: the discounted sum
    /// of the rewards to the end of the episode when it terminates in the buffer or the unseen tail weighs at most
    /// <see cref="TailWeight"/>; NaN otherwise.
    /// </summary>
    public static double[] EmpiricalReturns(RolloutBuffer buffer, double gamma)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        int copies = buffer.Envs;
        var returns = new double[buffer.Count];
        for (int n = 0; n < copies; n++)
        {
            double g = 0;
            double tail = 1; // gamma^(steps to the unseen tail); 0 once the episode is seen to terminate
            for (int t = buffer.Steps - 1; t >= 0; t--)
            {
                int i = (t * copies) + n;
                if (buffer.Terminated[i])
                {
                    g = 0;
                    tail = 0;
                }
                else if (buffer.Truncated[i])
                {
                    g = 0;
                    tail = 1;
                }

                g = buffer.Rewards[i] + (gamma * g);
                tail *= gamma;
                returns[i] = tail <= TailWeight ? g : double.NaN;
            }
        }

        return returns;
    }

    /// <summary>mean |v - y| / |y| over the samples whose target is a number (NaN when none is).</summary>
    public static double RelativeError(ReadOnlySpan<double> values, ReadOnlySpan<double> targets)
    {
        if (values.Length != targets.Length)
        {
            throw new ArgumentException($"{values.Length} values for {targets.Length} targets; give one per target.", nameof(targets));
        }

        double sum = 0;
        int counted = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(targets[i]))
            {
                sum += Math.Abs(values[i] - targets[i]) / Math.Abs(targets[i]);
                counted++;
            }
        }

        return counted == 0 ? double.NaN : sum / counted;
    }
}
