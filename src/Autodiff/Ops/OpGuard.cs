namespace Kernel.Autodiff.Ops;

/// <summary>Argument checks shared by the ops: one tape, matching shapes, and messages that name the op, label and shapes.</summary>
internal static class OpGuard
{
    public static (Node<T> A, Node<T> B) Two<T>(string op, Tensor<T> x, Tensor<T> y, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Node<T> a = x.Node;
        Node<T> b = y.Node;
        if (!ReferenceEquals(a.Tape, b.Tape))
        {
            throw new InvalidOperationException($"{Name(op, label)}: {a.Describe()} and {b.Describe()} belong to different tapes.");
        }

        return (a, b);
    }

    public static (Node<T> A, Node<T> B) SameShape<T>(string op, Tensor<T> x, Tensor<T> y, string? label)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Node<T> a, Node<T> b) = Two(op, x, y, label);
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"{Name(op, label)}: shapes differ: {a.Describe()} vs {b.Describe()}. Elementwise ops need equal shapes; use AddRow/MultiplyRow to broadcast a row over a batch.");
        }

        return (a, b);
    }

    public static string Name(string op, string? label) => label is null ? op : $"{op}(\"{label}\")";
}
