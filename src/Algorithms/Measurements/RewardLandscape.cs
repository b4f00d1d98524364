using System.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 section 5.3 (Figures 6-8, 17-27) on one checkpoint: the true reward and the algorithm's surrogate on the
/// plane theta + a * step + b * random through the checkpoint's policy parameters theta (policy network and head).
/// step is the algorithm's own update (<see cref="UpdateStep"/>) from a batch collected with
/// <see cref="FrozenPolicySampler{T}.CollectBatch"/>(DeriveSeed(seed, 0)), computed and taken back; random is
/// <see cref="RandomDirection"/>(DeriveSeed(seed, 1)), norm 2. At each point the true reward is
/// <see cref="EpisodeReturnSampler{T}"/> with the point's own seed <see cref="PointSeed"/> (independent estimates, so
/// the noise of a low sample count shows as it would to an optimiser), and the surrogate is
/// <see cref="SurrogateValue{T}"/> on the step's batch with theta_old = the checkpoint. Every point's parameters are
/// computed in fp64 from theta and rounded once to the run's precision; theta is restored at the end. The env copies
/// step on the run's <see cref="VectorEnv"/> threads (one per core); points run one after another.
/// </summary>
public static class RewardLandscape
{
    /// <summary>The seed of grid point <paramref name="index"/> (= a index x random points + b index).</summary>
    public static ulong PointSeed(ulong seed, int index) => KernelRandom.DeriveSeed(KernelRandom.DeriveSeed(seed, 2), (ulong)index);

    /// <summary>Measures on <paramref name="trainer"/> (a checkpoint just loaded; its batch size is the step's).</summary>
    /// <param name="trainer">A trainer at the checkpoint (<see cref="CheckpointTrainer.OpenWithBatch{T}"/> for another step batch).</param>
    /// <param name="stepOffsets">The offsets a, ascending.</param>
    /// <param name="randomOffsets">The offsets b, ascending.</param>
    /// <param name="samples">Samples per point of the true reward.</param>
    /// <param name="seed">The measurement's seed.</param>
    /// <param name="progress">Told about each finished point (index, points in all).</param>
    /// <exception cref="ArgumentException">An offset list is empty or not ascending, the algorithm is V-MPO, or the run anneals its learning rate to 0 and this is its last update.</exception>
    /// <exception cref="InvalidOperationException">The update exploded or the policy produced a non-finite action.</exception>
    public static RewardLandscapeResult Measure<T>(PolicyGradientTrainer<T> trainer, double[] stepOffsets, double[] randomOffsets, RewardSamples samples, ulong seed, Action<int, int>? progress = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(stepOffsets);
        ArgumentNullException.ThrowIfNull(randomOffsets);
        RequireAscending(stepOffsets, "step_range");
        RequireAscending(randomOffsets, "random_range");
        ArgumentOutOfRangeException.ThrowIfLessThan(samples.Count, 1);
        TrainConfig config = trainer.Config;
        if (config.Optimizer.AnnealLearningRate && trainer.Updates >= config.Updates && trainer.PolicyUpdate is not NaturalGradientStep<T>)
        {
            throw new ArgumentException($"update = {trainer.Updates}: the run anneals its learning rate to 0 over its {config.Updates} updates, so the step after its last checkpoint is zero; measure an earlier checkpoint.", "update");
        }

        RolloutBuffer batch = new FrozenPolicySampler<T>(trainer).CollectBatch(KernelRandom.DeriveSeed(seed, 0));
        var surrogate = new SurrogateValue<T>(trainer, batch, batch.Count);
        var step = new double[UpdateStep.SizeOf(trainer.Parameters)];
        UpdateStep.Compute(trainer, step);

        NamedParameter<T>[] policy = [.. trainer.Networks.Policy.Parameters, .. trainer.Networks.Head.Parameters];
        int size = UpdateStep.SizeOf(policy);
        double[] random = RandomDirection.Draw(size, KernelRandom.DeriveSeed(seed, 1));
        T[][] theta = [.. policy.Select(p => p.Tensor.Values.ToArray())];
        T[][] point = [.. theta.Select(values => new T[values.Length])];

        var sampler = new EpisodeReturnSampler<T>(trainer);
        int rows = stepOffsets.Length;
        int columns = randomOffsets.Length;
        var trueReward = new double[rows, columns];
        var episodes = new int[rows, columns];
        var surrogates = new double[rows, columns];
        long envSteps = 0;
        long sampleTicks = 0;
        long surrogateTicks = 0;
        try
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    Set(policy, theta, point, step, stepOffsets[i], random, randomOffsets[j]);
                    long start = Stopwatch.GetTimestamp();
                    surrogates[i, j] = surrogate.Evaluate();
                    long middle = Stopwatch.GetTimestamp();
                    EpisodeReturns returns = sampler.Sample(samples, PointSeed(seed, (i * columns) + j));
                    sampleTicks += Stopwatch.GetTimestamp() - middle;
                    surrogateTicks += middle - start;
                    trueReward[i, j] = returns.Mean;
                    episodes[i, j] = returns.Episodes;
                    envSteps += returns.Steps;
                    progress?.Invoke((i * columns) + j + 1, rows * columns);
                }
            }
        }
        finally
        {
            for (int p = 0; p < policy.Length; p++)
            {
                policy[p].Tensor.SetValues(theta[p]);
            }
        }

        double stepNorm = Math.Sqrt(step.AsSpan(0, size).ToArray().Sum(x => x * x));
        return new RewardLandscapeResult(
            [.. stepOffsets], [.. randomOffsets], trueReward, episodes, surrogates, batch.Count, stepNorm, size, envSteps,
            (double)sampleTicks / Stopwatch.Frequency, (double)surrogateTicks / Stopwatch.Frequency);
    }

    /// <summary>Sets the policy's parameters to theta + a * step + b * random, computed in fp64 and rounded once.</summary>
    private static void Set<T>(NamedParameter<T>[] policy, T[][] theta, T[][] point, double[] step, double a, double[] random, double b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int offset = 0;
        for (int p = 0; p < policy.Length; p++)
        {
            T[] origin = theta[p];
            T[] target = point[p];
            for (int k = 0; k < origin.Length; k++)
            {
                target[k] = T.CreateTruncating(double.CreateTruncating(origin[k]) + (a * step[offset + k]) + (b * random[offset + k]));
            }

            policy[p].Tensor.SetValues(target);
            offset += origin.Length;
        }
    }

    private static void RequireAscending(double[] offsets, string name)
    {
        for (int i = 0; i < offsets.Length; i++)
        {
            if (!double.IsFinite(offsets[i]) || (i > 0 && offsets[i] <= offsets[i - 1]))
            {
                throw new ArgumentException($"{name} = {string.Join(",", offsets)}: give finite offsets in ascending order.", name);
            }
        }

        if (offsets.Length == 0)
        {
            throw new ArgumentException($"{name}: give at least one offset.", name);
        }
    }
}
