using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.SecondOrder;

namespace Kernel.Algorithms.Training;

/// <summary>TRPO and NPG: the policy moves by one natural-gradient step per batch; Adam fits the value network.</summary>
public sealed partial class PolicyGradientTrainer<T>
{
    private int[] batchIndices = [];

    /// <summary>The natural step on the whole batch (<see cref="TrustRegionUpdate{T}"/>), then the value network's epochs.</summary>
    private void OptimizeWithNaturalStep()
    {
        ratioStatistics.Clear();
        optimizer.LearningRate = schedule.At(Updates - 1);
        int count = buffer.Count;
        Span<double> advantages = advantageScratch.AsSpan(0, count);
        buffer.Advantages.CopyTo(advantages);
        if (config.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(advantages);
        }

        TrustRegionOutcome outcome = trustRegion!.Step(buffer.Observations, buffer.Actions, buffer.OldPolicy, buffer.LogProbs, advantages);
        record.GradNorm = outcome.GradNorm;
        record.CgIters = outcome.Cg.Iterations;
        record.CgResidual = outcome.Cg.RelativeResidual;
        record.LinesearchSteps = outcome.LineSearch?.Steps;
        if (outcome.Failure is { } failure)
        {
            Explode($"policy step: {failure}", BatchIndices());
            return;
        }

        ratioStatistics.Add(trustRegion.LogRatios, advantages, null);
        record.RatioLog10Max = ratioStatistics.Log10Max;
        record.ApproxKl = ratioStatistics.ApproxKl;
        record.RatioMax = trustRegion.RatioMax;
        FitValue();
        if (!Exploded)
        {
            DescribeBatch();
        }
    }

    /// <summary>Epochs of shuffled minibatches of the value loss alone, with the value network's own Adam.</summary>
    private void FitValue()
    {
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            sampler.Shuffle(shuffleRandom);
            for (int k = 0; k < sampler.MinibatchCount; k++)
            {
                ReadOnlySpan<int> indices = sampler.Minibatch(k);
                tape.Reset();
                Tensor<T> loss = ValueLossOf(MinibatchInput(indices), indices);
                tape.ZeroGrad();
                tape.Backward(loss);
                double lossValue = double.CreateTruncating(loss.Item());
                record.ValueLoss = lossValue;
                double gradNorm = ClipGradients(optimizedParameters);
                string? failure = !double.IsFinite(lossValue) ? $"value loss = {lossValue} (epoch {epoch + 1}, minibatch {k + 1})"
                    : !double.IsFinite(gradNorm) ? $"value gradient {FirstNonFinite(gradients: true)} (epoch {epoch + 1}, minibatch {k + 1}, norm {gradNorm})"
                    : null;
                if (failure is null)
                {
                    optimizer.Step();
                    failure = FirstNonFinite(gradients: false) is { } parameter ? $"parameter {parameter} (epoch {epoch + 1}, minibatch {k + 1})" : null;
                }

                if (failure is not null)
                {
                    Explode(failure, indices);
                    return;
                }
            }
        }
    }

    /// <summary>0 .. batch - 1: the whole batch as a minibatch, for replaying a failed policy step.</summary>
    private int[] BatchIndices()
    {
        if (batchIndices.Length != buffer.Count)
        {
            batchIndices = Enumerable.Range(0, buffer.Count).ToArray();
        }

        return batchIndices;
    }
}
