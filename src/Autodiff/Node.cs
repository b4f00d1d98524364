using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff;

/// <summary>
/// One entry of a tape: a leaf or an op's output, with the inputs and constants its op needs.
/// Nodes are pooled by the tape and reused after <see cref="Tape{T}.Reset"/>; user code only ever sees
/// <see cref="Tensor{T}"/> handles, which detect such reuse.
/// </summary>
internal sealed class Node<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Node(Tape<T> tape) => Tape = tape;

    public Tape<T> Tape { get; }

    /// <summary>The op that produced this node, or null for a leaf.</summary>
    public Op<T>? Op;

    public Node<T>? A;
    public Node<T>? B;
    public Node<T>? C;

    /// <summary>Op constants (a scalar, clamp bounds, a slice start...), kept in double so a replay in fp64 sees them exactly.</summary>
    public double P0;
    public double P1;
    public int I0;
    public int I1;

    public Shape Shape;
    public TensorStorage<T> Storage = null!;
    public string? Label;

    /// <summary>Position on the tape; -1 for persistent leaves (parameters).</summary>
    public int Index;

    /// <summary>The tape generation this node belongs to; -1 for persistent leaves.</summary>
    public int Generation;

    public bool RequiresGrad;
    public TapePhase Phase;

    /// <summary>Gradient flowing into this node during the sweep stamped <see cref="GradStamp"/>.</summary>
    public Node<T>? Grad;
    public int GradStamp;

    /// <summary>Tangent of this node during the forward-mode sweep stamped <see cref="TangentStamp"/>.</summary>
    public Node<T>? Tangent;
    public int TangentStamp;

    /// <summary>Accumulated gradient of a leaf across backward calls, kept until ZeroGrad.</summary>
    public Node<T>? AccumulatedGrad;

    /// <summary>For leaves after a createGraph backward: the differentiable gradient, valid in generation <see cref="GraphGradGeneration"/>.</summary>
    public Node<T>? GraphGrad;
    public int GraphGradGeneration = int.MinValue;

    /// <summary>True for a leaf that views another node's storage (Detach), which must stay read-only.</summary>
    public bool SharesStorage;

    public bool IsLeaf => Op is null;

    /// <summary>Describes the node for error messages: the op (or leaf), its label and its shape.</summary>
    public string Describe()
    {
        string name = Op?.Name ?? "leaf";
        return Label is null ? $"{name} {Shape}" : $"{name}(\"{Label}\") {Shape}";
    }
}
