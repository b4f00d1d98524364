using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// The gradient an algorithm estimates from a sample (seed 001 eq 15): the gradient of its own policy objective
/// (<see cref="MinibatchLoss{T}.ObjectiveLoss"/>: no entropy bonus, no value loss) with respect to the policy's
/// parameters (policy network and head) at the sample's own policy, where every ratio is 1 — for PPO and TRPO the
/// surrogate's gradient mean(grad log pi(a|s) A). The advantages are normalised over the whole sample when the run
/// normalises them (eq 11). Returned as the ascent direction (minus the loss's gradient), accumulated in fp64 over
/// chunks of rows, each chunk's mean weighted by its share of the sample, so any sample size fits the tape.
/// V-MPO is refused: its loss is not a mean over samples (it keeps the top half of the advantages).
/// Thread-safety: one thread at a time; it records on the networks' tape.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class PolicyGradientEstimator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows per backward pass.</summary>
    public const int ChunkRows = 4096;

    private readonly TrainConfig config;
    private readonly ActorCritic<T> networks;
    private readonly IPolicyObjective<T> objective;
    private readonly NamedParameter<T>[] policyParameters;
    private readonly Dictionary<RolloutBuffer, MinibatchLoss<T>> losses = [];
    private int[] indices = [];
    private double[] advantages = [];

    /// <summary>An estimator of <paramref name="objective"/>'s gradient for <paramref name="networks"/>' policy.</summary>
    /// <exception cref="ArgumentException">The objective is V-MPO's.</exception>
    public PolicyGradientEstimator(TrainConfig config, ActorCritic<T> networks, IPolicyObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(objective);
        if (objective is VMpoObjective<T>)
        {
            throw new ArgumentException("algo = vmpo: V-MPO's loss is not a mean over samples, so its gradient has no per-sample estimate; measure ppo, ppo-m, trpo, npg, vpg, a2c, reinforce or cpg runs.", "algo");
        }

        this.config = config;
        this.networks = networks;
        this.objective = objective;
        policyParameters = [.. networks.Policy.Parameters, .. networks.Head.Parameters];
        Size = policyParameters.Sum(p => p.Tensor.Shape.Length);
    }

    /// <summary>The estimator of a trainer's algorithm and networks.</summary>
    public static PolicyGradientEstimator<T> Of(PolicyGradientTrainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return new PolicyGradientEstimator<T>(trainer.Config, trainer.Networks, trainer.Objective);
    }

    /// <summary>The number of policy parameters (the gradient's length).</summary>
    public int Size { get; }

    /// <summary>The policy's parameters in the gradient's order.</summary>
    public IReadOnlyList<NamedParameter<T>> PolicyParameters => policyParameters;

    /// <summary>The gradient from the first <paramref name="count"/> samples of <paramref name="samples"/> with their advantages, into <paramref name="gradient"/>.</summary>
    public void Estimate(RolloutBuffer samples, int count, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Estimate(samples, count, samples.Advantages.AsSpan(0, count), gradient);
    }

    /// <summary>
    /// The gradient from the first <paramref name="count"/> samples of <paramref name="samples"/> with the advantages
    /// <paramref name="sampleAdvantages"/> (one per sample; another baseline's, say) instead of the buffer's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, samples.Count].</exception>
    /// <exception cref="ArgumentException">The lengths of <paramref name="sampleAdvantages"/> or <paramref name="gradient"/> are wrong.</exception>
    public void Estimate(RolloutBuffer samples, int count, ReadOnlySpan<double> sampleAdvantages, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, samples.Count);
        if (sampleAdvantages.Length != count || gradient.Length != Size)
        {
            throw new ArgumentException($"{sampleAdvantages.Length} advantages and a gradient of {gradient.Length} for {count} samples and {Size} parameters.", nameof(gradient));
        }

        if (!losses.TryGetValue(samples, out MinibatchLoss<T>? loss))
        {
            loss = new MinibatchLoss<T>(config, networks, objective, samples);
            losses[samples] = loss;
        }

        if (indices.Length < count)
        {
            indices = [.. Enumerable.Range(0, count)];
            advantages = new double[count];
        }

        Span<double> used = advantages.AsSpan(0, count);
        sampleAdvantages.CopyTo(used);
        if (config.Rollout.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(used);
        }

        gradient.Clear();
        Tape<T> tape = networks.Tape;
        for (int start = 0; start < count; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, count - start);
            Tensor<T> chunkLoss = loss.ObjectiveLoss(indices.AsSpan(start, rows), used.Slice(start, rows));
            tape.ZeroGrad();
            tape.Backward(chunkLoss);
            double weight = -(double)rows / count;
            int offset = 0;
            foreach (NamedParameter<T> parameter in policyParameters)
            {
                ReadOnlySpan<T> g = tape.AccumulatedGradient(parameter.Tensor).Values;
                for (int i = 0; i < g.Length; i++)
                {
                    gradient[offset + i] += weight * double.CreateTruncating(g[i]);
                }

                offset += g.Length;
            }
        }
    }
}
