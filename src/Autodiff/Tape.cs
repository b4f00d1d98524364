using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Kernel.Kernels.Cpu;

namespace Kernel.Autodiff;

/// <summary>
/// Records tensor ops so gradients can be computed in reverse mode (<see cref="Backward(Tensor{T}, bool)"/>,
/// <see cref="Gradient(Tensor{T}, Tensor{T}, bool)"/>), in forward mode (<see cref="Jvp(Tensor{T}, Tensor{T}, Tensor{T})"/>), and to any
/// order (<c>createGraph: true</c> records the backward pass itself).
/// <para>
/// Memory: the tape pools its nodes and buffers. <see cref="Reset"/> forgets every recorded tensor but keeps
/// the memory, so recording the same graph again allocates nothing on the managed heap. Parameters
/// (<see cref="Parameter"/>) live outside the recorded sequence and survive Reset with their gradients.
/// </para>
/// <para>
/// Devices: on a device backend (<c>Kernel.Autodiff.Gpu.GpuBackend</c>) every buffer is device memory and forward, backward,
/// double backward and JVP run as device kernels with nothing copied to the host between ops; values reach the host
/// only when read (<see cref="Tensor{T}.Values"/>, <see cref="Tensor{T}.CopyTo"/>, <see cref="Tensor{T}.Item"/>).
/// The backend (and so the device) must outlive the tape.
/// </para>
/// <para>Thread-safety: a tape and its tensors belong to one thread at a time.</para>
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public sealed class Tape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly List<Node<T>> nodes = new();
    private readonly List<TensorStorage<T>> arena = new();
    private readonly List<Node<T>> parameters = new();
    private int count;
    private int arenaCursor;
    private int gradientStamp;
    private int tangentStamp;
    private T[] castScratch = [];

    /// <summary>Creates a tape on the host backend with fp32 accumulation for fp16.</summary>
    public Tape()
        : this(new CpuBackend<T>())
    {
    }

    /// <summary>Creates a tape whose tensors live on <paramref name="backend"/>.</summary>
    public Tape(ComputeBackend<T> backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
    }

    /// <summary>Where tensors live and kernels run.</summary>
    public ComputeBackend<T> Backend { get; }

    /// <summary>The numerics monitor, or null (the default: monitoring off, no cost beyond a null check per op).</summary>
    public NumericsMonitor<T>? Monitor { get; set; }

    /// <summary>Whether new ops are recorded for differentiation (false inside <see cref="NoGrad"/>).</summary>
    public bool IsRecording { get; private set; } = true;

    /// <summary>The number of tensors recorded since the last <see cref="Reset"/>.</summary>
    public int Count => count;

    /// <summary>Incremented by every <see cref="Reset"/>; handles from older generations are stale.</summary>
    internal int Generation { get; private set; }

    internal TapePhase Phase { get; private set; } = TapePhase.Forward;

    /// <summary>During a backward sweep: the node whose backward rule is running.</summary>
    internal Node<T>? BackwardOf { get; private set; }

    /// <summary>
    /// A trainable tensor that survives <see cref="Reset"/>; its gradient accumulates across backward calls
    /// until <see cref="ZeroGrad()"/>.
    /// </summary>
    public Tensor<T> Parameter(Shape shape, ReadOnlySpan<T> values, string? label = null)
    {
        CheckValues(shape, values, nameof(values));
        var node = new Node<T>(this)
        {
            Shape = shape,
            Storage = Backend.Allocate(shape.Length),
            Label = label,
            Index = -1,
            Generation = -1,
            RequiresGrad = true,
        };
        Backend.Upload(values, node.Storage);
        parameters.Add(node);
        return new Tensor<T>(node);
    }

    /// <summary>A leaf that requires a gradient but, unlike a parameter, lives only until <see cref="Reset"/>.</summary>
    public Tensor<T> Variable(Shape shape, ReadOnlySpan<T> values, string? label = null)
    {
        CheckValues(shape, values, nameof(values));
        Node<T> node = NewLeaf(shape, label, requiresGrad: true);
        Backend.Upload(values, node.Storage);
        return new Tensor<T>(node);
    }

    /// <summary>A leaf without gradient (inputs, targets), living until <see cref="Reset"/>.</summary>
    public Tensor<T> Constant(Shape shape, ReadOnlySpan<T> values, string? label = null)
    {
        CheckValues(shape, values, nameof(values));
        Node<T> node = NewLeaf(shape, label, requiresGrad: false);
        Backend.Upload(values, node.Storage);
        return new Tensor<T>(node);
    }

    /// <summary>
    /// Host data narrowed into the tape's precision (round to nearest, as <see cref="Conversions.Narrow{T}"/>) as a
    /// constant labelled <paramref name="label"/> ("observation", "advantage", "return"...). An attached monitor checks
    /// this cast like an op: a value that overflows the precision, or was non-finite already, is reported as
    /// cast("label") with the fp64 source value, so the first anomaly named is the true first one.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not fill <paramref name="shape"/>.</exception>
    public Tensor<T> Cast(Shape shape, ReadOnlySpan<double> values, string label)
    {
        if (values.Length != shape.Length)
        {
            throw new ArgumentException($"{nameof(values)} has {values.Length} elements; shape {shape} needs {shape.Length}.", nameof(values));
        }

        if (castScratch.Length < values.Length)
        {
            castScratch = new T[values.Length];
        }

        Span<T> narrowed = castScratch.AsSpan(0, values.Length);
        Conversions.Narrow(values, narrowed);
        Tensor<T> tensor = Constant(shape, narrowed, label);
        Monitor?.InspectCast(tensor.Node, values);
        return tensor;
    }

    /// <summary>A constant of <paramref name="shape"/> with every element equal to <paramref name="value"/>.</summary>
    public Tensor<T> Full(Shape shape, T value, string? label = null)
    {
        Node<T> node = NewLeaf(shape, label, requiresGrad: false);
        Backend.Fill(node.Storage, value);
        return new Tensor<T>(node);
    }

    /// <summary>
    /// A constant of positions for <see cref="IndexOps"/> (index_select, gather, scatter-add), stored as integer-valued T.
    /// Each must be &gt;= 0 and exact in T (up to 2048 in Half, 2^24 in float); whether it lies inside the indexed axis is
    /// checked by the op that uses it.
    /// </summary>
    public Tensor<T> Indices(Shape shape, ReadOnlySpan<int> indices, string? label = null)
    {
        if (indices.Length != shape.Length)
        {
            throw new ArgumentException($"indices has {indices.Length} elements; shape {shape} needs {shape.Length}.", nameof(indices));
        }

        T[] buffer = System.Buffers.ArrayPool<T>.Shared.Rent(indices.Length);
        try
        {
            for (int i = 0; i < indices.Length; i++)
            {
                T position = T.CreateTruncating(indices[i]);
                if (indices[i] < 0 || int.CreateTruncating(position) != indices[i])
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(indices), indices[i], $"indices[{i}] is {indices[i]}; positions must be >= 0 and exactly representable in {typeof(T).Name}.");
                }

                buffer[i] = position;
            }

            return Constant(shape, buffer.AsSpan(0, indices.Length), label);
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(buffer);
        }
    }

    /// <summary>A constant of <paramref name="shape"/> filled with zeros.</summary>
    public Tensor<T> Zeros(Shape shape, string? label = null) => Full(shape, T.Zero, label);

    /// <summary>A scalar constant.</summary>
    public Tensor<T> Scalar(T value, string? label = null) => Full(Shape.Scalar, value, label);

    /// <summary>
    /// A constant that shares <paramref name="tensor"/>'s values but stops gradients (stop-gradient, sg[.]):
    /// targets, old log-probs.
    /// </summary>
    public Tensor<T> Detach(Tensor<T> tensor)
    {
        Node<T> source = Own(tensor, "detach");
        Node<T> node = NextNode();
        node.Shape = source.Shape;
        node.Storage = source.Storage;
        node.Label = source.Label;
        node.RequiresGrad = false;
        node.SharesStorage = true;
        return new Tensor<T>(node);
    }

    /// <summary>
    /// Stops recording for differentiation until the returned scope is disposed (ops still compute).
    /// Use as <c>using (tape.NoGrad()) { ... }</c>.
    /// </summary>
    public NoGradScope<T> NoGrad()
    {
        var scope = new NoGradScope<T>(this, IsRecording);
        IsRecording = false;
        return scope;
    }

    internal void RestoreRecording(bool recording) => IsRecording = recording;

    /// <summary>
    /// Forgets every recorded tensor (handles to them become stale) but keeps nodes and buffers for reuse.
    /// Parameters and their accumulated gradients are kept.
    /// </summary>
    public void Reset()
    {
        if (Phase != TapePhase.Forward)
        {
            throw new InvalidOperationException("Reset() was called from inside a backward or JVP sweep.");
        }

        count = 0;
        arenaCursor = 0;
        Generation++;
        foreach (Node<T> parameter in parameters)
        {
            parameter.GraphGrad = null;
        }
    }

    /// <summary>
    /// Reverse mode from a scalar <paramref name="loss"/>: adds d loss / d leaf to every leaf's gradient
    /// (read with <see cref="AccumulatedGradient"/>). With <paramref name="createGraph"/> the backward pass is recorded,
    /// so the gradients can be differentiated again (Hessian-vector products).
    /// </summary>
    public void Backward(Tensor<T> loss, bool createGraph = false)
    {
        Node<T> output = Own(loss, "backward");
        if (output.Shape.Length != 1)
        {
            throw new InvalidOperationException(
                $"backward: {output.Describe()} is not a scalar; pass a seed gradient of shape {output.Shape} with Backward(output, seed).");
        }

        Backward(loss, Ones(output.Shape), createGraph);
    }

    /// <summary>Reverse mode from any <paramref name="output"/> with the given seed gradient (a vector-Jacobian product).</summary>
    public void Backward(Tensor<T> output, Tensor<T> seed, bool createGraph = false)
    {
        Node<T> top = Own(output, "backward");
        Node<T> seedNode = Own(seed, "backward");
        CheckSeed(top, seedNode);
        Sweep(top, seedNode, createGraph);
        AccumulateIntoLeaves(top.Index, createGraph);
    }

    /// <summary>
    /// A fresh gradient: d output / d input for a scalar <paramref name="output"/>, without touching any leaf's accumulated
    /// gradient (torch.autograd.grad). With <paramref name="createGraph"/> the result is differentiable.
    /// </summary>
    public Tensor<T> Gradient(Tensor<T> output, Tensor<T> input, bool createGraph = false)
    {
        Tensor<T> result = default;
        Gradients(output, new ReadOnlySpan<Tensor<T>>(in input), new Span<Tensor<T>>(ref result), createGraph);
        return result;
    }

    /// <summary>
    /// A fresh vector-Jacobian product: seed^T d output / d input for an <paramref name="output"/> of any shape and a
    /// <paramref name="seed"/> of its shape (torch.autograd.grad(output, input, grad_outputs=seed)).
    /// </summary>
    public Tensor<T> Gradient(Tensor<T> output, Tensor<T> seed, Tensor<T> input, bool createGraph = false)
    {
        Tensor<T> result = default;
        Gradients(output, seed, new ReadOnlySpan<Tensor<T>>(in input), new Span<Tensor<T>>(ref result), createGraph);
        return result;
    }

    /// <summary>
    /// Fresh gradients of a scalar <paramref name="output"/> with respect to each of <paramref name="inputs"/>, written to
    /// <paramref name="gradients"/>; an input the output does not depend on gets zeros. No accumulated gradient changes.
    /// </summary>
    public void Gradients(Tensor<T> output, ReadOnlySpan<Tensor<T>> inputs, Span<Tensor<T>> gradients, bool createGraph = false)
    {
        Node<T> top = Own(output, "gradient");
        if (top.Shape.Length != 1)
        {
            throw new InvalidOperationException(
                $"gradient: {top.Describe()} is not a scalar; pass a seed gradient of shape {top.Shape} with Gradients(output, seed, inputs, gradients).");
        }

        FreshGradients(top, Ones(top.Shape).Node, inputs, gradients, createGraph);
    }

    /// <summary>
    /// Fresh vector-Jacobian products seed^T d output / d input for each of <paramref name="inputs"/>, for an
    /// <paramref name="output"/> of any shape and a <paramref name="seed"/> of its shape.
    /// </summary>
    public void Gradients(Tensor<T> output, Tensor<T> seed, ReadOnlySpan<Tensor<T>> inputs, Span<Tensor<T>> gradients, bool createGraph = false)
    {
        Node<T> top = Own(output, "gradient");
        Node<T> seedNode = Own(seed, "gradient");
        CheckSeed(top, seedNode);
        FreshGradients(top, seedNode, inputs, gradients, createGraph);
    }

    private void FreshGradients(Node<T> top, Node<T> seedNode, ReadOnlySpan<Tensor<T>> inputs, Span<Tensor<T>> gradients, bool createGraph)
    {
        if (gradients.Length != inputs.Length)
        {
            throw new ArgumentException($"gradients has {gradients.Length} slots for {inputs.Length} inputs.", nameof(gradients));
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            Own(inputs[i], "gradient");
        }

        Sweep(top, seedNode, createGraph);
        for (int i = 0; i < inputs.Length; i++)
        {
            Node<T> input = inputs[i].Node;
            gradients[i] = input.GradStamp == gradientStamp && input.Grad is not null
                ? new Tensor<T>(input.Grad)
                : Zeros(input.Shape);
        }
    }

    /// <summary>
    /// The gradient accumulated in a leaf by <see cref="Backward(Tensor{T}, bool)"/> across calls until <see cref="ZeroGrad"/>
    /// (x.grad in PyTorch; zeros if none yet).
    /// After a createGraph backward it is the differentiable gradient of that pass plus what was there before.
    /// A parameter's gradient handle stays valid across <see cref="Reset"/>.
    /// </summary>
    public Tensor<T> AccumulatedGradient(Tensor<T> leaf)
    {
        Node<T> node = Own(leaf, "accumulated gradient");
        if (!node.IsLeaf)
        {
            throw new InvalidOperationException(
                $"accumulated gradient: {node.Describe()} is an op's output; gradients accumulate only in leaves. Use Gradient(output, tensor) for intermediate tensors.");
        }

        if (node.GraphGrad is not null && node.GraphGradGeneration == Generation)
        {
            return new Tensor<T>(node.GraphGrad);
        }

        return HasAccumulatedGrad(node) ? new Tensor<T>(node.AccumulatedGrad!) : Zeros(node.Shape);
    }

    /// <summary>Sets the accumulated gradient of every parameter and live variable to zero.</summary>
    public void ZeroGrad()
    {
        foreach (Node<T> parameter in parameters)
        {
            ClearGrad(parameter);
        }

        for (int i = 0; i < count; i++)
        {
            if (nodes[i].IsLeaf)
            {
                ClearGrad(nodes[i]);
            }
        }
    }

    /// <summary>
    /// Forward mode: the directional derivative of <paramref name="output"/> when <paramref name="input"/> moves
    /// along <paramref name="tangent"/> (a Jacobian-vector product), computed from the recorded ops.
    /// </summary>
    public Tensor<T> Jvp(Tensor<T> output, Tensor<T> input, Tensor<T> tangent)
        => Jvp(output, new ReadOnlySpan<Tensor<T>>(in input), new ReadOnlySpan<Tensor<T>>(in tangent));

    /// <summary>Forward mode with several inputs moving at once, each along its tangent.</summary>
    public Tensor<T> Jvp(Tensor<T> output, ReadOnlySpan<Tensor<T>> inputs, ReadOnlySpan<Tensor<T>> tangents)
    {
        if (inputs.Length != tangents.Length)
        {
            throw new ArgumentException($"tangents has {tangents.Length} entries for {inputs.Length} inputs.", nameof(tangents));
        }

        Node<T> top = Own(output, "jvp");
        int stamp = ++tangentStamp;
        for (int i = 0; i < inputs.Length; i++)
        {
            Node<T> input = Own(inputs[i], "jvp");
            Node<T> tangent = Own(tangents[i], "jvp");
            if (tangent.Shape != input.Shape)
            {
                throw new ArgumentException(
                    $"jvp: the tangent for {input.Describe()} has shape {tangent.Shape}; it must match the input.", nameof(tangents));
            }

            input.Tangent = tangent;
            input.TangentStamp = stamp;
        }

        TapePhase previous = Phase;
        Phase = TapePhase.ForwardMode;
        try
        {
            for (int i = 0; i <= top.Index; i++)
            {
                Node<T> node = nodes[i];
                if (node.Op is null || !(HasTangent(node.A) || HasTangent(node.B) || HasTangent(node.C)))
                {
                    continue;
                }

                Tensor<T>? result = node.Op.Jvp(node, new Tensor<T>(node));
                if (result is { } tangent)
                {
                    node.Tangent = tangent.Node;
                    node.TangentStamp = stamp;
                }
            }
        }
        finally
        {
            Phase = previous;
        }

        return HasTangent(top) ? new Tensor<T>(top.Tangent!) : Zeros(top.Shape);
    }

    /// <summary>The names of the ops recorded since the last <see cref="Reset"/> (forward, backward and JVP), in order.</summary>
    internal IEnumerable<string> RecordedOps()
    {
        for (int i = 0; i < count; i++)
        {
            if (nodes[i].Op is { } op)
            {
                yield return op.Name;
            }
        }
    }

    /// <summary>The classes of the ops recorded since the last <see cref="Reset"/>, as generic definitions (TanhOp`1): what a coverage check compares with every op class there is.</summary>
    internal IEnumerable<Type> RecordedOpClasses()
    {
        for (int i = 0; i < count; i++)
        {
            if (nodes[i].Op is { } op)
            {
                yield return op.GetType().GetGenericTypeDefinition();
            }
        }
    }

    /// <summary>The tangent of <paramref name="node"/> in the current JVP sweep, or null when it has none (zero).</summary>
    internal Tensor<T>? TangentOf(Node<T>? node) => HasTangent(node) ? new Tensor<T>(node!.Tangent!) : null;

    /// <summary>Adds <paramref name="gradient"/> to the gradient flowing into <paramref name="input"/> in the current sweep.</summary>
    internal void AccumulateGradient(Node<T>? input, Tensor<T> gradient)
    {
        if (input is null || !input.RequiresGrad)
        {
            return;
        }

        Node<T> contribution = gradient.Node;
        if (contribution.Shape != input.Shape)
        {
            throw new InvalidOperationException(
                $"The backward rule of {BackwardOf?.Describe()} produced a gradient of shape {contribution.Shape} for {input.Describe()}.");
        }

        if (input.GradStamp == gradientStamp && input.Grad is not null)
        {
            input.Grad = input.Grad.Tape.Record(ArithmeticOps.AddOp<T>.Instance, input.Shape, input.Grad, contribution).Node;
        }
        else
        {
            input.Grad = contribution;
            input.GradStamp = gradientStamp;
        }
    }

    /// <summary>
    /// Appends an op's output node: takes a buffer (or shares <paramref name="sharedStorage"/>), runs the op's
    /// forward kernel, and lets the monitor look at the result.
    /// </summary>
    internal Tensor<T> Record(
        Op<T> op,
        Shape shape,
        Node<T> a,
        Node<T>? b = null,
        Node<T>? c = null,
        double p0 = 0,
        double p1 = 0,
        int i0 = 0,
        int i1 = 0,
        string? label = null,
        TensorStorage<T>? sharedStorage = null)
    {
        Node<T> node = NextNode();
        node.Op = op;
        node.A = a;
        node.B = b;
        node.C = c;
        node.P0 = p0;
        node.P1 = p1;
        node.I0 = i0;
        node.I1 = i1;
        node.Shape = shape;
        node.Label = label;
        node.RequiresGrad = IsRecording && op.IsDifferentiable && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));
        if (sharedStorage is null)
        {
            node.Storage = Rent(shape.Length);
            op.Forward(node);
        }
        else
        {
            node.Storage = sharedStorage;
        }

        Monitor?.Inspect(node);
        return new Tensor<T>(node);
    }

    /// <summary>Resolves a handle and checks that it belongs to this tape.</summary>
    internal Node<T> Own(Tensor<T> tensor, string opName)
    {
        Node<T> node = tensor.Node;
        if (!ReferenceEquals(node.Tape, this))
        {
            throw new InvalidOperationException($"{opName}: {node.Describe()} belongs to a different tape.");
        }

        return node;
    }

    private Tensor<T> Ones(Shape shape) => Full(shape, T.One);

    private static void CheckSeed(Node<T> output, Node<T> seed)
    {
        if (seed.Shape != output.Shape)
        {
            throw new ArgumentException(
                $"backward: the seed gradient has shape {seed.Shape} but {output.Describe()} has shape {output.Shape}.", nameof(seed));
        }
    }

    private void Sweep(Node<T> output, Node<T> seed, bool createGraph)
    {
        if (Phase != TapePhase.Forward)
        {
            throw new InvalidOperationException("A backward sweep cannot start inside another sweep.");
        }

        int stamp = ++gradientStamp;
        bool wasRecording = IsRecording;
        IsRecording = createGraph && wasRecording;
        Phase = TapePhase.Backward;
        try
        {
            if (!output.RequiresGrad)
            {
                return;
            }

            output.Grad = seed;
            output.GradStamp = stamp;
            for (int i = output.Index; i >= 0; i--)
            {
                Node<T> node = nodes[i];
                if (node.GradStamp != stamp || node.Op is null || !node.RequiresGrad || node.Grad is null)
                {
                    continue;
                }

                BackwardOf = node;
                node.Op.Backward(node, new Tensor<T>(node), new Tensor<T>(node.Grad));
            }
        }
        finally
        {
            BackwardOf = null;
            Phase = TapePhase.Forward;
            IsRecording = wasRecording;
        }
    }

    private void AccumulateIntoLeaves(int top, bool createGraph)
    {
        foreach (Node<T> parameter in parameters)
        {
            AccumulateIntoLeaf(parameter, createGraph);
        }

        for (int i = 0; i <= top && i < count; i++)
        {
            if (nodes[i].IsLeaf)
            {
                AccumulateIntoLeaf(nodes[i], createGraph);
            }
        }
    }

    private void AccumulateIntoLeaf(Node<T> leaf, bool createGraph)
    {
        if (leaf.GradStamp != gradientStamp || leaf.Grad is null || !leaf.RequiresGrad)
        {
            return;
        }

        bool had = HasAccumulatedGrad(leaf);
        if (!had)
        {
            leaf.AccumulatedGrad = leaf.Generation < 0 ? NewPersistentBuffer(leaf) : NewLeaf(leaf.Shape, leaf.Label, requiresGrad: false);
        }

        Node<T> accumulated = leaf.AccumulatedGrad!;
        if (createGraph)
        {
            // The differentiable gradient is what was accumulated before (a constant) plus this pass's graph.
            Node<T> graph = leaf.Grad;
            if (had)
            {
                Node<T> before = NewLeaf(leaf.Shape, null, requiresGrad: false);
                Backend.Copy(accumulated.Storage, before.Storage);
                graph = Record(ArithmeticOps.AddOp<T>.Instance, leaf.Shape, before, graph).Node;
            }

            Backend.Copy(graph.Storage, accumulated.Storage);
            leaf.GraphGrad = graph;
            leaf.GraphGradGeneration = Generation;
        }
        else if (had)
        {
            Backend.Binary(BinaryKernel.Add, accumulated.Storage, leaf.Grad.Storage, accumulated.Storage);
            leaf.GraphGrad = null;
        }
        else
        {
            Backend.Copy(leaf.Grad.Storage, accumulated.Storage);
            leaf.GraphGrad = null;
        }
    }

    private Node<T> NewPersistentBuffer(Node<T> leaf) => new(this)
    {
        Shape = leaf.Shape,
        Storage = Backend.Allocate(leaf.Shape.Length),
        Label = leaf.Label is null ? "grad" : $"grad({leaf.Label})",
        Index = -1,
        Generation = -1,
    };

    private bool HasAccumulatedGrad(Node<T> leaf)
        => leaf.AccumulatedGrad is { } accumulated && (accumulated.Generation < 0 || accumulated.Generation == Generation);

    private void ClearGrad(Node<T> leaf)
    {
        if (HasAccumulatedGrad(leaf))
        {
            Backend.Fill(leaf.AccumulatedGrad!.Storage, T.Zero);
        }

        leaf.GraphGrad = null;
    }

    private bool HasTangent(Node<T>? node) => node is not null && node.TangentStamp == tangentStamp && node.Tangent is not null;

    private Node<T> NewLeaf(Shape shape, string? label, bool requiresGrad)
    {
        Node<T> node = NextNode();
        node.Shape = shape;
        node.Storage = Rent(shape.Length);
        node.Label = label;
        node.RequiresGrad = requiresGrad;
        return node;
    }

    /// <summary>The next pooled node, cleared and stamped with the current generation and phase.</summary>
    private Node<T> NextNode()
    {
        Node<T> node;
        if (count < nodes.Count)
        {
            node = nodes[count];
        }
        else
        {
            node = new Node<T>(this);
            nodes.Add(node);
        }

        node.Op = null;
        node.A = node.B = node.C = null;
        node.P0 = node.P1 = 0;
        node.I0 = node.I1 = 0;
        node.Label = null;
        node.RequiresGrad = false;
        node.SharesStorage = false;
        node.Grad = node.Tangent = node.AccumulatedGrad = node.GraphGrad = null;
        node.GradStamp = node.TangentStamp = 0;
        node.Index = count;
        node.Generation = Generation;
        node.Phase = Phase;
        count++;
        return node;
    }

    /// <summary>The next pooled buffer with room for <paramref name="length"/> elements.</summary>
    private TensorStorage<T> Rent(int length)
    {
        TensorStorage<T> storage;
        if (arenaCursor < arena.Count && arena[arenaCursor].Capacity >= length)
        {
            storage = arena[arenaCursor];
        }
        else
        {
            storage = Backend.Allocate(Math.Max(length, 1));
            if (arenaCursor < arena.Count)
            {
                // Only stale nodes of earlier generations still point at the outgrown buffer: free device memory now.
                arena[arenaCursor].Dispose();
                arena[arenaCursor] = storage;
            }
            else
            {
                arena.Add(storage);
            }
        }

        arenaCursor++;
        storage.Length = length;
        return storage;
    }

    private static void CheckValues(Shape shape, ReadOnlySpan<T> values, string parameterName)
    {
        if (values.Length != shape.Length)
        {
            throw new ArgumentException($"{parameterName} has {values.Length} elements; shape {shape} needs {shape.Length}.", parameterName);
        }
    }
}
