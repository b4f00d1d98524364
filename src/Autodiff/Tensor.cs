using Kernel.Autodiff.Ops;

namespace Kernel.Autodiff;

/// <summary>
/// A handle to a tensor recorded on a <see cref="Tape{T}"/>: a leaf (parameter, variable, constant) or
/// an op's output. Handles are small values; the tape owns the memory. After
/// <see cref="Tape{T}.Reset"/> every handle to a non-parameter tensor is stale, and using it throws.
/// Thread-safety: like its tape, not thread-safe.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public readonly struct Tensor<T> : IEquatable<Tensor<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Node<T>? node;
    private readonly int generation;

    internal Tensor(Node<T> node)
    {
        this.node = node;
        generation = node.Generation;
    }

    /// <summary>The tape that holds this tensor.</summary>
    public Tape<T> Tape => Node.Tape;

    /// <summary>The tensor's shape.</summary>
    public Shape Shape => Node.Shape;

    /// <summary>Rows when seen as a matrix.</summary>
    public int Rows => Node.Shape.Rows;

    /// <summary>Columns when seen as a matrix.</summary>
    public int Columns => Node.Shape.Columns;

    /// <summary>Number of elements.</summary>
    public int Length => Node.Shape.Length;

    /// <summary>The label given at creation or with <see cref="Labeled"/>, used by diagnostics and errors.</summary>
    public string? Label => Node.Label;

    /// <summary>Whether gradients flow back through this tensor.</summary>
    public bool RequiresGrad => Node.RequiresGrad;

    /// <summary>The op that produced this tensor ("leaf" for leaves).</summary>
    public string OpName => Node.Op?.Name ?? "leaf";

    /// <summary>Position on the tape (-1 for parameters, which live outside the tape's sequence).</summary>
    public int TapeIndex => Node.Index;

    /// <summary>Whether this handle still refers to a live tensor (false after its tape was reset, or for default).</summary>
    public bool IsValid => node is not null && (generation < 0 || generation == node.Tape.Generation);

    /// <summary>
    /// The values on the host: read in place from host memory; on a device backend downloaded (one transfer, which
    /// waits for the device) into a host copy that stays valid until this tensor's storage is read again.
    /// </summary>
    public ReadOnlySpan<T> Values
    {
        get
        {
            Node<T> n = Node;
            return n.Tape.Backend.HostValues(n.Storage);
        }
    }

    internal Node<T> Node
    {
        get
        {
            if (node is null)
            {
                throw new InvalidOperationException("This tensor handle is default: it was never produced by a tape.");
            }

            if (generation >= 0 && generation != node.Tape.Generation)
            {
                throw new InvalidOperationException(
                    $"Tensor {(node.Label is null ? "" : $"\"{node.Label}\" ")}was used after its tape was reset; only parameters survive Reset(). Record it again after the reset.");
            }

            return node;
        }
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public T Item()
    {
        Node<T> n = Node;
        if (n.Shape.Length != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor; {n.Describe()} has {n.Shape.Length} elements.");
        }

        Span<T> one = stackalloc T[1];
        n.Tape.Backend.Download(n.Storage, one);
        return one[0];
    }

    /// <summary>Copies the values to <paramref name="destination"/>, which must have exactly <see cref="Length"/> elements.</summary>
    public void CopyTo(Span<T> destination)
    {
        Node<T> n = Node;
        if (destination.Length != n.Shape.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements; {n.Describe()} has {n.Shape.Length}.", nameof(destination));
        }

        n.Tape.Backend.Download(n.Storage, destination);
    }

    /// <summary>A new array with the values (allocates; for tests and reports).</summary>
    public T[] ToArray()
    {
        var result = new T[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Overwrites the values of a leaf (a parameter update, a new observation batch).</summary>
    public void SetValues(ReadOnlySpan<T> values)
    {
        Node<T> n = Node;
        if (!n.IsLeaf || n.SharesStorage)
        {
            throw new InvalidOperationException($"SetValues is for leaves that own their values; {n.Describe()} is {(n.IsLeaf ? "a detached view of another tensor" : "an op's output")}.");
        }

        if (values.Length != n.Shape.Length)
        {
            throw new ArgumentException($"values has {values.Length} elements; {n.Describe()} needs {n.Shape.Length}.", nameof(values));
        }

        n.Tape.Backend.Upload(values, n.Storage);
    }

    /// <summary>
    /// Writable host values of a leaf that owns them, for in-place parameter updates by optimisers without copies.
    /// Throws for op outputs, detached views and device storage (see <see cref="IsHostMemory"/>; use
    /// <see cref="CopyTo"/> and <see cref="SetValues"/> there).
    /// </summary>
    public Span<T> LeafValues
    {
        get
        {
            Node<T> n = Node;
            if (!n.IsLeaf || n.SharesStorage)
            {
                throw new InvalidOperationException($"LeafValues is for leaves that own their values; {n.Describe()} is {(n.IsLeaf ? "a detached view of another tensor" : "an op's output")}.");
            }

            Span<T> span = n.Tape.Backend.HostSpan(n.Storage);
            if (span.Length != n.Shape.Length)
            {
                throw new InvalidOperationException($"{n.Describe()} lives on backend '{n.Tape.Backend.Name}', not in host memory; use SetValues.");
            }

            return span;
        }
    }

    /// <summary>Whether the values live in host memory (<see cref="LeafValues"/> works) rather than on a device.</summary>
    public bool IsHostMemory
    {
        get
        {
            Node<T> n = Node;
            return n.Tape.Backend.HostSpan(n.Storage).Length == n.Shape.Length;
        }
    }

    /// <summary>Sets this tensor's label (for diagnostics and errors) and returns it.</summary>
    public Tensor<T> Labeled(string label)
    {
        Node<T> n = Node;
        n.Label = label;
        n.Tape.Monitor?.Observe(n);
        return this;
    }

    /// <inheritdoc />
    public bool Equals(Tensor<T> other) => ReferenceEquals(node, other.node) && generation == other.generation;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Tensor<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(node, generation);

    /// <inheritdoc />
    public override string ToString() => node is null ? "Tensor(default)" : IsValid ? $"Tensor {node.Describe()}" : "Tensor(stale)";

    /// <summary>Elementwise sum.</summary>
    public static Tensor<T> operator +(Tensor<T> left, Tensor<T> right) => left.Add(right);

    /// <summary>Elementwise difference.</summary>
    public static Tensor<T> operator -(Tensor<T> left, Tensor<T> right) => left.Subtract(right);

    /// <summary>Elementwise product.</summary>
    public static Tensor<T> operator *(Tensor<T> left, Tensor<T> right) => left.Multiply(right);

    /// <summary>Elementwise quotient.</summary>
    public static Tensor<T> operator /(Tensor<T> left, Tensor<T> right) => left.Divide(right);

    /// <summary>Negation.</summary>
    public static Tensor<T> operator -(Tensor<T> value) => value.Negate();

    /// <summary>Adds a constant to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> left, T right) => left.AddScalar(right);

    /// <summary>Adds a constant to every element.</summary>
    public static Tensor<T> operator +(T left, Tensor<T> right) => right.AddScalar(left);

    /// <summary>Subtracts a constant from every element.</summary>
    public static Tensor<T> operator -(Tensor<T> left, T right) => left.AddScalar(-right);

    /// <summary>A constant minus every element.</summary>
    public static Tensor<T> operator -(T left, Tensor<T> right) => right.Negate().AddScalar(left);

    /// <summary>Multiplies every element by a constant.</summary>
    public static Tensor<T> operator *(Tensor<T> left, T right) => left.MultiplyScalar(right);

    /// <summary>Multiplies every element by a constant.</summary>
    public static Tensor<T> operator *(T left, Tensor<T> right) => right.MultiplyScalar(left);

    /// <summary>Divides every element by a constant (as a multiplication by 1/c, which may differ from x/c in the last bit).</summary>
    public static Tensor<T> operator /(Tensor<T> left, T right) => left.MultiplyScalar(T.One / right);

    /// <summary>Same tensor handle.</summary>
    public static bool operator ==(Tensor<T> left, Tensor<T> right) => left.Equals(right);

    /// <summary>Different tensor handles.</summary>
    public static bool operator !=(Tensor<T> left, Tensor<T> right) => !left.Equals(right);
}
