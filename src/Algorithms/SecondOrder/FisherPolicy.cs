using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// A policy (network + head on one tape) and the batch of states its Fisher information averages over: what
/// <see cref="FisherVectorProduct{T}"/> differentiates and what a trust-region line search evaluates. The batch is
/// copied in by <see cref="SetBatch"/>, optionally keeping every k-th state only (004 section 4.3: the products may
/// use a subset of the batch). Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The precision of the tape.</typeparam>
public sealed class FisherPolicy<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly Mlp<T> network;
    private readonly IPolicyHead<T> head;
    private readonly int actionSize;
    private double[] observations = [];
    private double[] actions = [];
    private double[] oldPolicy = [];
    private T[] inputScratch = [];

    /// <summary>Wraps <paramref name="network"/> (its outputs feed <paramref name="head"/>), both on <paramref name="tape"/>.</summary>
    /// <param name="tape">The tape the network and head were built on.</param>
    /// <param name="network">Maps observations [batch, in] to the head's inputs.</param>
    /// <param name="head">Turns the network's outputs into the distribution.</param>
    public FisherPolicy(Tape<T> tape, Mlp<T> network, IPolicyHead<T> head)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(head);
        if (network.OutFeatures != head.NetworkOutputs)
        {
            throw new ArgumentException($"the network has {network.OutFeatures} outputs; the head needs {head.NetworkOutputs}.", nameof(head));
        }

        this.tape = tape;
        this.network = network;
        this.head = head;
        actionSize = head.StoredActionSize;
        Parameters = [.. network.Parameters, .. head.Parameters];
    }

    /// <summary>The tape everything is recorded on.</summary>
    public Tape<T> Tape => tape;

    /// <summary>The head.</summary>
    public IPolicyHead<T> Head => head;

    /// <summary>The policy's parameters, network first then head: the flat vector's order.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>States in the current batch (after subsampling).</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// Copies the batch: <paramref name="observations"/> [rows * in], the stored <paramref name="actions"/>
    /// [rows * StoredActionSize] and the old policy [rows * OldPolicySize] (the KL's reference), keeping rows
    /// 0, stride, 2 stride, ... when <paramref name="stride"/> &gt; 1. The old policy is in the heads' one layout
    /// (<see cref="IPolicyHead{T}.OldPolicySize"/>): for a Gaussian (mu, sigma) per state, sigma itself, as
    /// <see cref="IPolicyHead{T}.Act"/> stores it and <see cref="IPolicyHead{T}.WriteOldPolicy"/> writes it from an
    /// evaluation of the policy.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not fit, or the old policy is not in the layout (<see cref="IPolicyHead{T}.CheckOldPolicy"/>: e.g. a log sigma where sigma belongs).</exception>
    public void SetBatch(ReadOnlySpan<double> observations, ReadOnlySpan<double> actions, ReadOnlySpan<double> oldPolicy, int stride = 1)
    {
        int inputs = network.InFeatures;
        if (observations.Length == 0 || observations.Length % inputs != 0)
        {
            throw new ArgumentException($"observations has {observations.Length} values: must be a positive multiple of the network's {inputs} inputs.", nameof(observations));
        }

        int rows = observations.Length / inputs;
        if (actions.Length != rows * actionSize)
        {
            throw new ArgumentException($"actions has {actions.Length} values for {rows} states; expected {rows * actionSize}.", nameof(actions));
        }

        if (oldPolicy.Length != rows * head.OldPolicySize)
        {
            throw new ArgumentException($"oldPolicy has {oldPolicy.Length} values for {rows} states; expected {rows * head.OldPolicySize}.", nameof(oldPolicy));
        }

        head.CheckOldPolicy(oldPolicy, nameof(oldPolicy));
        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride must be at least 1.");
        }

        int kept = (rows + stride - 1) / stride;
        Rows = kept;
        Keep(observations, inputs, stride, kept, ref this.observations);
        Keep(actions, actionSize, stride, kept, ref this.actions);
        Keep(oldPolicy, head.OldPolicySize, stride, kept, ref this.oldPolicy);
    }

    /// <summary>Records the policy at the batch's states on the tape (the caller resets the tape first).</summary>
    public PolicyEvaluation<T> Evaluate()
    {
        if (Rows == 0)
        {
            throw new InvalidOperationException("no batch: call SetBatch first.");
        }

        int inputs = network.InFeatures;
        Span<T> values = ScratchBuffer.Take(ref inputScratch, Rows * inputs);
        Conversions.Narrow(observations.AsSpan(0, Rows * inputs), values);
        Tensor<T> x = tape.Constant(Shape.Matrix(Rows, inputs), values, "observation");
        return head.Evaluate(network.Forward(x), actions.AsSpan(0, Rows * actionSize));
    }

    /// <summary>KL(pi_old || pi_theta) per state, the old policy being the batch's stored one (constants).</summary>
    public Tensor<T> Kl(in PolicyEvaluation<T> current) => head.Kl(current, oldPolicy.AsSpan(0, Rows * head.OldPolicySize));

    private static void Keep(ReadOnlySpan<double> source, int width, int stride, int kept, ref double[] destination)
    {
        if (destination.Length < kept * width)
        {
            destination = new double[kept * width];
        }

        for (int row = 0; row < kept; row++)
        {
            source.Slice(row * stride * width, width).CopyTo(destination.AsSpan(row * width, width));
        }
    }
}
