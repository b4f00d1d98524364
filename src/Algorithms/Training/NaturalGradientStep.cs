using System.Diagnostics;
using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.SecondOrder;

namespace Kernel.Algorithms.Training;

/// <summary>
/// TRPO's and NPG's update (004 section 4.3, Algorithm 5): the policy moves by one natural-gradient step on the
/// whole batch (<see cref="TrustRegionUpdate{T}"/>: conjugate gradient on Fisher-vector products, scaled to the KL
/// budget, with TRPO's backtracking line search), then Adam fits the value network alone for the run's epochs of
/// shuffled minibatches.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class NaturalGradientStep<T> : IPolicyUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly UpdateContext<T> context;
    private readonly TrustRegionUpdate<T> trustRegion;
    private readonly Adam<T> optimizer;
    private readonly MinibatchSampler sampler;
    private readonly double[] advantages;
    private readonly int[] batchIndices;

    /// <summary>The natural step of <paramref name="context"/>'s policy; with the line search (TRPO) or without (NPG).</summary>
    /// <exception cref="InvalidOperationException">The algorithm learns no value network.</exception>
    public NaturalGradientStep(UpdateContext<T> context, bool lineSearch)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        TrainConfig config = context.Config;
        ActorCritic<T> networks = context.Networks;
        var policy = new FisherPolicy<T>(networks.Tape, networks.Policy, networks.Head);
        FisherPolicy<T> fisherBatch = config.TrustRegion.FisherStride > 1 ? new FisherPolicy<T>(networks.Tape, networks.Policy, networks.Head) : policy;
        trustRegion = new TrustRegionUpdate<T>(policy, fisherBatch, config.TrustRegion, config.Surrogate.RatioMode, lineSearch);
        Mlp<T> value = networks.Value ?? throw new InvalidOperationException("the natural-gradient update fits a value network; this run has none.");
        optimizer = new Adam<T>(value.Parameters, config.Optimizer.LearningRate, epsilon: config.Optimizer.AdamEpsilon);
        sampler = new MinibatchSampler(config.BatchSize, config.MinibatchSamples);
        advantages = new double[config.BatchSize];
        batchIndices = [.. Enumerable.Range(0, config.BatchSize)];
    }

    /// <inheritdoc/>
    public Optimizer<T> Optimizer => optimizer;

    /// <inheritdoc/>
    public void Update(long update)
    {
        RolloutBuffer buffer = context.Buffer;
        UpdateRecord record = context.Diagnostics.Record;
        context.Diagnostics.Ratios.Clear();
        optimizer.LearningRate = context.LearningRate(update);
        buffer.Advantages.CopyTo(advantages);
        if (context.Config.Rollout.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(advantages);
        }

        long mark = Stopwatch.GetTimestamp();
        TrustRegionOutcome outcome = trustRegion.Step(buffer.Observations, buffer.Actions, buffer.OldPolicy, buffer.LogProbs, advantages);
        context.Timing.OptimizerTicks += UpdateTiming.Lap(ref mark);
        record.GradNorm = outcome.GradNorm;
        record.CgIters = outcome.Cg.Iterations;
        record.CgResidual = outcome.Cg.RelativeResidual;
        record.LinesearchSteps = outcome.LineSearch?.Steps;
        record.StepRejected = outcome.Stepped ? 0 : 1; // linesearch_steps alone cannot tell "accepted at the last try" from "none accepted"
        if (outcome.Failure is { } failure)
        {
            context.Explode($"policy step: {failure}", batchIndices);
            return;
        }

        context.Diagnostics.Ratios.Add(trustRegion.LogRatios, advantages, null);
        context.Diagnostics.WriteRatios(null);
        record.RatioMax = trustRegion.RatioMax;
        context.Timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
        FitValue();
        mark = Stopwatch.GetTimestamp();
        if (!context.Guard.Exploded)
        {
            context.Diagnostics.DescribeBatch(context.Networks, buffer);
        }

        context.Timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
    }

    /// <summary>Epochs of shuffled minibatches of the value loss alone, with the value network's own Adam.</summary>
    private void FitValue()
    {
        Tape<T> tape = context.Networks.Tape;
        UpdateTiming timing = context.Timing;
        for (int epoch = 0; epoch < context.Config.Optimizer.Epochs; epoch++)
        {
            sampler.Shuffle(context.ShuffleRandom);
            for (int k = 0; k < sampler.MinibatchCount; k++)
            {
                ReadOnlySpan<int> indices = sampler.Minibatch(k);
                long mark = Stopwatch.GetTimestamp();
                Tensor<T> loss = context.Loss.ValueLossOnly(indices);
                timing.ForwardTicks += UpdateTiming.Lap(ref mark);
                tape.ZeroGrad();
                tape.Backward(loss);
                timing.BackwardTicks += UpdateTiming.Lap(ref mark);
                double lossValue = double.CreateTruncating(loss.Item());
                context.Diagnostics.Record.ValueLoss = lossValue;
                double gradNorm = context.ClipGradients(optimizer.Parameters);
                timing.OptimizerTicks += UpdateTiming.Lap(ref mark);
                string where = $"epoch {epoch + 1}, minibatch {k + 1}";
                string? failure = context.Guard.StepFailure("value ", lossValue, gradNorm, where);
                timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
                if (failure is null)
                {
                    optimizer.Step();
                    timing.OptimizerTicks += UpdateTiming.Lap(ref mark);
                    failure = context.Guard.FirstNonFinite(gradients: false) is { } parameter ? $"parameter {parameter} ({where})" : null;
                    timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
                }

                if (failure is not null)
                {
                    context.Explode(failure, indices.ToArray());
                    return;
                }
            }
        }
    }
}
