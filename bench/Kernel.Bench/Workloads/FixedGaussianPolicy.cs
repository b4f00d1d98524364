using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Autodiff.Storage;
using Kernel.Bench.Harness;
using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>
/// The policy and batch of the second-order workloads (gradient, Fisher-vector product, CG(10)): a tanh MLP
/// 17-64-64-6 (<see cref="FixedNetwork"/> streams from 10) with a state-independent log_std from stream 30
/// (0.2 v - 0.5), at batch 2048: observations stream 1, actions stream 2 (times 0.9, inside the [-10, 10] box so no
/// clipping is involved), advantages stream 4, and the old policy equal to the current one (theta = theta_old).
/// The flat parameter vector is the network's parameters in order, then log_std; the product's vector v is stream 40
/// over it. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class FixedGaussianPolicy<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>States in the batch.</summary>
    public const int Batch = 2048;

    /// <summary>lambda of (F + lambda I), 004 Table 2's CG damping.</summary>
    public const double Damping = 0.1;

    private const int ObservationSize = 17;
    private const int ActionSize = 6;

    /// <summary>Builds the policy on a tape limited to <paramref name="threads"/> GEMM threads and sets its batch.</summary>
    public FixedGaussianPolicy(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Tape = new Tape<T>(new CpuBackend<T>(maxThreads: threads));
        var network = new Mlp<T>(Tape, [ObservationSize, 64, 64, ActionSize], Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(1), "policy");
        var head = new GaussianPolicyHead<T>(Tape, BoxSpace.Uniform(ActionSize, -10, 10), new GaussianOptions(), initialStd: 1);
        FixedNetwork.Assign(network, 10);
        for (int i = 0; i < ActionSize; i++)
        {
            head.Parameters[0].Tensor.LeafValues[i] = T.CreateTruncating((0.2 * FixedInputs.Value(i, 30)) - 0.5);
        }

        Policy = new FisherPolicy<T>(Tape, network, head);
        double[] observations = FixedInputs.Doubles(Batch * ObservationSize, 1);
        double[] actions = FixedInputs.Doubles(Batch * ActionSize, 2, 0.9);
        var oldPolicy = new double[Batch * head.OldPolicySize];
        using (Tape.NoGrad())
        {
            T[] x = FixedInputs.Values<T>(Batch * ObservationSize, 1);
            head.Act(network.Forward(Tape.Constant(Shape.Matrix(Batch, ObservationSize), x)), new KernelRandom(2),
                new double[Batch * ActionSize], new double[Batch * ActionSize], new double[Batch], oldPolicy);
        }

        Policy.SetBatch(observations, actions, oldPolicy);
        Advantages = FixedInputs.Values<T>(Batch, 4);
        Vector = FixedInputs.Values<T>(ParameterVector.Length(Policy.Parameters), 40);
    }

    /// <summary>The tape.</summary>
    public Tape<T> Tape { get; }

    /// <summary>The policy with its batch.</summary>
    public FisherPolicy<T> Policy { get; }

    /// <summary>A per state.</summary>
    public T[] Advantages { get; }

    /// <summary>v, over the flat parameters.</summary>
    public T[] Vector { get; }
}
