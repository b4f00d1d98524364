using System.Diagnostics;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Optimizers;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The first-order update of REINFORCE, A2C, VPG, the PPO family and CPG (and the loop inside
/// <see cref="VMpoUpdate{T}"/>): epochs of shuffled minibatches
/// (one full batch for the one-step algorithms) minimising the total loss with one optimiser (Adam or SGD) over every parameter, global
/// norm and per-component gradient clipping, an early stop once approx_kl passes target_kl, and the explosion checks
/// before every step is applied.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class FirstOrderEpochs<T> : IPolicyUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly UpdateContext<T> context;
    private readonly Optimizer<T> optimizer;
    private readonly MinibatchSampler sampler;
    private readonly double[] logRatios;
    private readonly RatioStatistics stepRatios = new();
    private readonly Action? afterStep;

    /// <summary>The configured optimiser (Adam or plain SGD) over all of <paramref name="context"/>'s parameters.</summary>
    /// <param name="context">The run's parts.</param>
    /// <param name="afterStep">Called after every optimiser step, before the parameters are checked (V-MPO projects its multipliers).</param>
    public FirstOrderEpochs(UpdateContext<T> context, Action? afterStep = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.context = context;
        this.afterStep = afterStep;
        optimizer = context.Config.Optimizer.Kind == OptimizerKind.Sgd
            ? new Sgd<T>(context.Parameters, context.Config.Optimizer.LearningRate)
            : new Adam<T>(context.Parameters, context.Config.Optimizer.LearningRate, epsilon: context.Config.Optimizer.AdamEpsilon);
        sampler = new MinibatchSampler(context.Config.BatchSize, context.Config.MinibatchSamples);
        logRatios = new double[context.Config.BatchSize];
    }

    /// <inheritdoc/>
    public Optimizer<T> Optimizer => optimizer;

    /// <inheritdoc/>
    public void Update(long update)
    {
        TrainConfig config = context.Config;
        ExplosionGuard<T> guard = context.Guard;
        UpdateRecord record = context.Diagnostics.Record;
        RatioStatistics ratios = context.Diagnostics.Ratios;
        Tape<T> tape = context.Networks.Tape;
        double? ratioClip = context.Objective.RatioClip;
        ratios.Clear();
        double ratioMax = double.NegativeInfinity;
        double gradNormMax = 0;
        UpdateTiming timing = context.Timing;
        optimizer.LearningRate = context.LearningRate(update);
        for (int epoch = 0; epoch < config.Optimizer.Epochs && !guard.Exploded; epoch++)
        {
            sampler.Shuffle(context.ShuffleRandom);
            for (int k = 0; k < sampler.MinibatchCount; k++)
            {
                ReadOnlySpan<int> indices = sampler.Minibatch(k);
                long mark = Stopwatch.GetTimestamp();
                (Tensor<T> loss, Tensor<T> logRatio, Tensor<T> ratio, double? valueLoss) = context.Loss.Compute(indices);
                timing.ForwardTicks += UpdateTiming.Lap(ref mark);
                tape.ZeroGrad(); // parameters' gradients accumulate across backward calls until cleared
                tape.Backward(loss);
                timing.BackwardTicks += UpdateTiming.Lap(ref mark);

                Span<double> minibatchLogRatios = logRatios.AsSpan(0, indices.Length);
                Conversions.Widen(logRatio.Values, minibatchLogRatios);
                ratios.Add(minibatchLogRatios, context.Loss.Advantages, ratioClip);
                foreach (T r in ratio.Values)
                {
                    ratioMax = double.Max(ratioMax, double.CreateTruncating(r));
                }

                record.ValueLoss = valueLoss;
                double lossValue = double.CreateTruncating(loss.Item());
                double klMean = config.LogSteps ? context.Loss.KlMean() : double.NaN;
                timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
                double gradNorm = context.ClipGradients(context.Parameters);
                timing.OptimizerTicks += UpdateTiming.Lap(ref mark);
                long step = optimizer.StepCount + 1;
                gradNormMax = double.IsFinite(gradNorm) ? Math.Max(gradNormMax, gradNorm) : gradNorm;
                string where = $"epoch {epoch + 1}, minibatch {k + 1}";
                string? failure = guard.StepFailure(string.Empty, lossValue, gradNorm, where);
                timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
                if (failure is null)
                {
                    if (config.Optimizer.GradClipValue is { } clip)
                    {
                        GradientClipping.ClipValue(context.Parameters, clip);
                    }

                    optimizer.Step();
                    afterStep?.Invoke();
                    timing.OptimizerTicks += UpdateTiming.Lap(ref mark);
                    if (guard.FirstNonFinite(gradients: false) is { } parameter)
                    {
                        failure = $"parameter {parameter} ({where})";
                    }
                }

                if (config.LogSteps)
                {
                    stepRatios.Clear();
                    stepRatios.Add(minibatchLogRatios, context.Loss.Advantages, ratioClip);
                    context.Diagnostics.Steps.Add(new StepRecord(
                        update, epoch + 1, k + 1, step, klMean, stepRatios.Log10Max, ratioClip is null ? null : stepRatios.Log10MaxClipped, lossValue, gradNorm, failure is not null));
                }

                timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
                if (failure is not null)
                {
                    context.Explode(failure, indices.ToArray());
                    break;
                }
            }

            if (config.Optimizer.TargetKl is { } targetKl && ratios.ApproxKl > targetKl)
            {
                break;
            }
        }

        long describing = Stopwatch.GetTimestamp();
        context.Diagnostics.WriteRatios(ratioClip);
        record.RatioMax = ratioMax;
        record.GradNorm = gradNormMax;
        if (!guard.Exploded)
        {
            context.Diagnostics.DescribeBatch(context.Networks, context.Buffer);
        }

        context.Objective.Finish(record);
        timing.DiagnosticsTicks += UpdateTiming.Lap(ref describing);
    }
}
