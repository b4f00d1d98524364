using Kernel.Algorithms.Advantages;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A minibatch's total loss: the objective's loss - c_ent mean entropy + c_v value loss (clipped around the rollout's
/// values when configured), recorded on the tape from the rows of the rollout buffer the indices pick. The advantages
/// are normalised per minibatch when the run says so and left in <see cref="Advantages"/> for the ratio statistics.
/// Thread-safety: one thread at a time; reuses its scratch arrays.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class MinibatchLoss<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly TrainConfig config;
    private readonly ActorCritic<T> networks;
    private readonly IPolicyObjective<T> objective;
    private readonly RolloutBuffer buffer;
    private readonly double[] gathered;
    private readonly double[] actions;
    private readonly double[] oldPolicy;
    private readonly double[] advantages;
    private double[] observationRows = [];
    private int count;
    private PolicyEvaluation<T> evaluation;

    /// <summary>The loss of <paramref name="objective"/> on <paramref name="buffer"/>'s samples.</summary>
    public MinibatchLoss(TrainConfig config, ActorCritic<T> networks, IPolicyObjective<T> objective, RolloutBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(buffer);
        this.config = config;
        this.networks = networks;
        this.objective = objective;
        this.buffer = buffer;
        gathered = new double[buffer.Count];
        actions = new double[buffer.Count * buffer.ActionSize];
        oldPolicy = new double[buffer.Count * buffer.PolicyParameterSize];
        advantages = new double[buffer.Count];
    }

    /// <summary>The advantages of the last minibatch as the objective saw them (normalised when configured).</summary>
    public ReadOnlySpan<double> Advantages => advantages.AsSpan(0, count);

    /// <summary>The total loss of the minibatch <paramref name="indices"/>, with the log-ratio and ratio tensors and the value loss (null without a value network).</summary>
    public (Tensor<T> Loss, Tensor<T> LogRatio, Tensor<T> Ratio, double? ValueLoss) Compute(ReadOnlySpan<int> indices)
    {
        count = indices.Length;
        networks.Tape.Reset();
        Tensor<T> x = Input(indices);
        Span<double> minibatchAdvantages = advantages.AsSpan(0, count);
        MinibatchSampler.Gather<double>(buffer.Advantages, 1, indices, minibatchAdvantages);
        if (config.Rollout.NormalizeAdvantages)
        {
            AdvantageNormalization.Normalize(minibatchAdvantages);
        }

        (Tensor<T> loss, Tensor<T> logRatio, Tensor<T> ratio) = PolicyObjective(x, indices);
        if (config.Policy.EntropyCoefficient > 0)
        {
            loss = loss.Subtract(evaluation.Entropy.Mean().MultiplyScalar(T.CreateChecked(config.Policy.EntropyCoefficient)));
        }

        double? valueLossValue = null;
        if (networks.Value is not null)
        {
            Tensor<T> valueLoss = ValueLoss(x, indices);
            valueLossValue = double.CreateTruncating(valueLoss.Item());
            loss = loss.Add(valueLoss.MultiplyScalar(T.CreateChecked(config.Value.Coefficient)));
        }

        return (loss.Labeled("loss"), logRatio, ratio, valueLossValue);
    }

    /// <summary>
    /// The objective's loss alone (no entropy bonus, no value loss) on the rows <paramref name="indices"/> with the
    /// advantages given as they are (<paramref name="sampleAdvantages"/>[i] belongs to row indices[i]; no normalisation
    /// here): the policy term whose gradient seed 001 section 5.1 measures, on any sample of the buffer.
    /// </summary>
    public Tensor<T> ObjectiveLoss(ReadOnlySpan<int> indices, ReadOnlySpan<double> sampleAdvantages)
    {
        if (sampleAdvantages.Length != indices.Length)
        {
            throw new ArgumentException($"{sampleAdvantages.Length} advantages for {indices.Length} rows; give one per row.", nameof(sampleAdvantages));
        }

        count = indices.Length;
        networks.Tape.Reset();
        Tensor<T> x = Input(indices);
        sampleAdvantages.CopyTo(advantages);
        return PolicyObjective(x, indices).Loss;
    }

    /// <summary>
    /// Mean analytic KL(old || current) over the last minibatch, from the forward pass its loss came from (call before
    /// the optimiser steps); computed in the run's precision without recording for differentiation.
    /// </summary>
    public double KlMean()
    {
        double sum = 0;
        using (networks.Tape.NoGrad())
        {
            foreach (T value in networks.Head.Kl(evaluation, oldPolicy.AsSpan(0, count * buffer.PolicyParameterSize)).Values)
            {
                sum += double.CreateTruncating(value);
            }
        }

        return sum / count;
    }

    /// <summary>The value loss alone on the minibatch <paramref name="indices"/> (the natural-gradient algorithms fit the value network with it).</summary>
    public Tensor<T> ValueLossOnly(ReadOnlySpan<int> indices)
    {
        networks.Tape.Reset();
        return ValueLoss(Input(indices), indices);
    }

    /// <summary>The objective's loss on rows <paramref name="indices"/> at input <paramref name="x"/>, with the advantages already in <see cref="advantages"/>.</summary>
    private (Tensor<T> Loss, Tensor<T> LogRatio, Tensor<T> Ratio) PolicyObjective(Tensor<T> x, ReadOnlySpan<int> indices)
    {
        Span<double> minibatchActions = actions.AsSpan(0, count * buffer.ActionSize);
        MinibatchSampler.Gather<double>(buffer.Actions, buffer.ActionSize, indices, minibatchActions);
        evaluation = networks.Evaluate(x, minibatchActions);

        Tensor<T> logProbOld = Constant(buffer.LogProbs, indices, DistributionLabels.LogpOld);
        Tensor<T> logRatio = evaluation.LogProb.Subtract(logProbOld, "log_ratio");
        Tensor<T> ratio = ProbabilityRatio.Compute(evaluation.LogProb, logProbOld, config.Surrogate.RatioMode);

        Span<double> minibatchAdvantages = advantages.AsSpan(0, count);
        Tensor<T> advantageTensor = Constant(minibatchAdvantages, "advantage");
        Span<double> minibatchOldPolicy = oldPolicy.AsSpan(0, count * buffer.PolicyParameterSize);
        MinibatchSampler.Gather<double>(buffer.OldPolicy, buffer.PolicyParameterSize, indices, minibatchOldPolicy);
        var inputs = new ObjectiveInputs<T>(networks.Head, evaluation, logRatio, ratio, advantageTensor, minibatchAdvantages, minibatchOldPolicy);
        return (objective.Evaluate(inputs).Loss, logRatio, ratio);
    }

    /// <summary>The minibatch's observations as the networks' input [count, observation_size].</summary>
    private Tensor<T> Input(ReadOnlySpan<int> indices)
    {
        Span<double> observations = ScratchBuffer.Take(ref observationRows, indices.Length * buffer.ObservationSize);
        MinibatchSampler.Gather<double>(buffer.Observations, buffer.ObservationSize, indices, observations);
        return networks.Input(observations, indices.Length);
    }

    /// <summary>The value network's loss on the minibatch (clipped around the rollout's values when configured).</summary>
    private Tensor<T> ValueLoss(Tensor<T> x, ReadOnlySpan<int> indices)
    {
        Tensor<T> values = networks.Value!.Forward(x).Reshape(Shape.Vector(indices.Length), "value");
        Tensor<T> returns = Constant(buffer.Returns, indices, "return");
        return config.Value.ClipValueLoss
            ? PolicyGradient.ValueLoss.Clipped(values, Constant(buffer.Values, indices, "value_old"), returns, config.Surrogate.ClipEpsilon)
            : PolicyGradient.ValueLoss.Squared(values, returns);
    }

    private Tensor<T> Constant(double[] source, ReadOnlySpan<int> indices, string label)
    {
        Span<double> rows = gathered.AsSpan(0, indices.Length);
        MinibatchSampler.Gather<double>(source, 1, indices, rows);
        return Constant(rows, label);
    }

    // Host data enters the tape through the monitored cast, so an overflow on entry is named cast("advantage") etc.
    private Tensor<T> Constant(ReadOnlySpan<double> values, string label)
        => networks.Tape.Cast(Shape.Vector(values.Length), values, label);
}
