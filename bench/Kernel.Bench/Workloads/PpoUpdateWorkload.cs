using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Autodiff.Storage;
using Kernel.Bench.Harness;
using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One PPO minibatch update as PolicyGradientTrainer does it (whose minibatch step is private, so it is rebuilt here
/// from the same public pieces), for the networks and batch of a <see cref="PpoShape"/> (e.g. policy 17-64-64-6 (tanh)
/// with a state-independent log_std, value 17-64-64-1, batch 64); log-prob of the stored actions, ratio exp(logp - logp_old), clipped surrogate (eps 0.2), value loss
/// 0.5 mean((V - R)^2) weighted 0.5, backward, clip of the global gradient norm to 0.5, Adam (lr 3e-4, eps 1e-5).
/// <para>
/// Fixed inputs: networks from <see cref="FixedNetwork"/> (policy streams from 10, value from 20), log_std from stream 30
/// (0.2 v - 0.5), observations stream 1, actions stream 2 (times 0.9), returns stream 3, advantages stream 4.
/// logp_old is the initial policy's log-prob plus 0.05 (i mod 13) - 0.3, so ratios start between e^-0.3 and e^0.3 and
/// some are clipped. Check: the losses, the gradient norm before clipping, and every parameter's clipped gradient,
/// Adam step (value after minus value before) and value after, in full.
/// </para>
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public sealed class PpoUpdateWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const double ClipEpsilon = 0.2;
    private const double ValueCoefficient = 0.5;
    private const double MaxGradNorm = 0.5;

    private readonly int batch;
    private readonly int observationSize;
    private readonly Tape<T> tape;
    private readonly Mlp<T> policy;
    private readonly Mlp<T> value;
    private readonly GaussianPolicyHead<T> head;
    private readonly NamedParameter<T>[] parameters;
    private readonly Adam<T> optimizer;
    private readonly T[] observations;
    private readonly double[] actions;
    private readonly T[] returns;
    private readonly T[] advantages;
    private readonly T[] logProbOld;
    private Tensor<T> loss;
    private Tensor<T> policyLoss;
    private Tensor<T> valueLoss;
    private double gradientNorm;

    /// <summary>Builds networks, head, optimiser and the fixed minibatch.</summary>
    /// <param name="shape">The networks and the batch.</param>
    /// <param name="threads">The tape backend's GEMM thread limit, at least 1.</param>
    public PpoUpdateWorkload(PpoShape shape, int threads)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        batch = shape.Batch;
        observationSize = shape.ObservationSize;
        int actionSize = shape.ActionSize;
        tape = new Tape<T>(new CpuBackend<T>(maxThreads: threads));
        var random = new KernelRandom(1);
        policy = new Mlp<T>(tape, [.. shape.PolicyWidths], Activation.Tanh, MlpInit.TorchDefault, random, "policy");
        value = new Mlp<T>(tape, [.. shape.ValueWidths], Activation.Tanh, MlpInit.TorchDefault, random, "value");
        head = new GaussianPolicyHead<T>(tape, BoxSpace.Uniform(actionSize, -1, 1), new GaussianOptions(), initialStd: 1);
        FixedNetwork.Assign(policy, 10);
        FixedNetwork.Assign(value, 20);
        for (int i = 0; i < actionSize; i++)
        {
            head.Parameters[0].Tensor.LeafValues[i] = T.CreateTruncating((0.2 * FixedInputs.Value(i, 30)) - 0.5);
        }

        parameters = [.. policy.Parameters, .. head.Parameters, .. value.Parameters];
        optimizer = new Adam<T>(parameters, learningRate: 3e-4, epsilon: 1e-5);
        observations = FixedInputs.Values<T>(batch * observationSize, 1);
        actions = FixedInputs.Doubles(batch * actionSize, 2, 0.9);
        returns = FixedInputs.Values<T>(batch, 3);
        advantages = FixedInputs.Values<T>(batch, 4);
        logProbOld = InitialLogProbs();
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run()
    {
        tape.Reset();
        Tensor<T> x = tape.Constant(Shape.Matrix(batch, observationSize), observations, "obs");
        PolicyEvaluation<T> evaluation = head.Evaluate(policy.Forward(x), actions);
        Tensor<T> ratio = ProbabilityRatio.Compute(evaluation.LogProb, tape.Constant(Shape.Vector(batch), logProbOld, DistributionLabels.LogpOld));
        policyLoss = SurrogateObjectives.Loss(SurrogateObjectives.ClippedPerSample(ratio, tape.Constant(Shape.Vector(batch), advantages, "advantage"), ClipEpsilon));
        Tensor<T> values = value.Forward(x).Reshape(Shape.Vector(batch), "value");
        valueLoss = ValueLoss.Squared(values, tape.Constant(Shape.Vector(batch), returns, "return"));
        loss = policyLoss.Add(valueLoss.MultiplyScalar(T.CreateChecked(ValueCoefficient)));
        tape.ZeroGrad();
        tape.Backward(loss);
        gradientNorm = GradientClipping.ClipNorm(parameters, MaxGradNorm);
        optimizer.Step();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        double[][] before = Array.ConvertAll(parameters, p => CheckSummary.Widen(p.Tensor.Values));
        Run();
        var values = new Dictionary<string, double[]>
        {
            ["loss"] = [double.CreateTruncating(loss.Item())],
            ["policy_loss"] = [double.CreateTruncating(policyLoss.Item())],
            ["value_loss"] = [double.CreateTruncating(valueLoss.Item())],
            ["grad_norm"] = [gradientNorm],
        };
        for (int i = 0; i < parameters.Length; i++)
        {
            values[$"grad {parameters[i].Name}"] = CheckSummary.Widen(tape.AccumulatedGradient(parameters[i].Tensor).Values);
            double[] step = CheckSummary.Widen(parameters[i].Tensor.Values);
            for (int j = 0; j < step.Length; j++)
            {
                step[j] -= before[i][j];
            }

            values[$"step {parameters[i].Name}"] = step;
            values[$"param {parameters[i].Name}"] = CheckSummary.Widen(parameters[i].Tensor.Values);
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The initial policy's log-probs of the actions, shifted by 0.05 (i mod 13) - 0.3 (computed in fp64, rounded once).</summary>
    private T[] InitialLogProbs()
    {
        tape.Reset();
        T[] shifted = new T[batch];
        using (tape.NoGrad())
        {
            Tensor<T> x = tape.Constant(Shape.Matrix(batch, observationSize), observations);
            ReadOnlySpan<T> logProb = head.Evaluate(policy.Forward(x), actions).LogProb.Values;
            for (int i = 0; i < batch; i++)
            {
                shifted[i] = T.CreateTruncating(double.CreateTruncating(logProb[i]) + ((0.05 * (i % 13)) - 0.3));
            }
        }

        tape.Reset();
        return shifted;
    }
}
