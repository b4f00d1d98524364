using System.Globalization;
using System.Text;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Ops;

namespace Kernel.Autodiff.Tests;

/// <summary>The ops the randomised properties cover: every public differentiable op of the tape.</summary>
internal enum OpKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,
    AddScalar,
    MultiplyScalar,
    FusedMultiplyAdd,
    Exp,
    Log,
    Tanh,
    Sigmoid,
    Softplus,
    Relu,
    Silu,
    Square,
    Sqrt,
    Pow,
    Clamp,
    Maximum,
    Minimum,

    /// <summary>GreaterMask(x0, x1).Where(x2, x3): the mask's inputs are variables too and must get zero derivatives.</summary>
    Where,
    Sum,
    SumAxis,
    Mean,
    MeanAxis,
    Max,
    Min,
    SumOfSquares,
    LogSumExp,
    LogSumExpRows,
    LogSoftmax,
    Dot,
    MatMul,
    AddRow,
    MultiplyRow,
    BroadcastRow,
    BroadcastColumn,
    BroadcastScalar,
    Reshape,
    SliceColumns,
    ConcatColumns,

    /// <summary>clamp(x0, x1, x2) with tensor bounds: inside, below, above and crossed (min &gt; max) elements.</summary>
    ClampTensor,

    /// <summary>max along an axis (torch.max(x, dim).values), unique maxima.</summary>
    MaxAxis,
    MinAxis,
    IndexSelect,
    Gather,
    ScatterAdd,
    Stack,
}

/// <summary>
/// One randomly drawn instance of an op: its kind, the shapes and values of its inputs, and the op's own arguments
/// (axis, slice bounds, transposes, constants, target shape). Unlike <see cref="GradCheckBattery"/> the shapes are
/// not fixed: the generators in <see cref="Generators"/> draw them.
/// </summary>
internal sealed class OpCase : IDifferentiableFunction
{
    public OpCase(OpKind kind, string regime, Shape[] shapes, double[][] inputs)
    {
        if (shapes.Length != inputs.Length)
        {
            throw new ArgumentException($"{kind}: {shapes.Length} shapes but {inputs.Length} inputs.", nameof(inputs));
        }

        for (int i = 0; i < shapes.Length; i++)
        {
            if (shapes[i].Length != inputs[i].Length)
            {
                throw new ArgumentException($"{kind}: input {i} has {inputs[i].Length} values for shape {shapes[i]}.", nameof(inputs));
            }
        }

        Kind = kind;
        Regime = regime;
        InputShapes = shapes;
        Inputs = inputs;
    }

    public OpKind Kind { get; }

    /// <summary>Which part of the op's domain the values were drawn from ("bulk", "large", "near-zero"...).</summary>
    public string Regime { get; }

    public IReadOnlyList<Shape> InputShapes { get; }

    public IReadOnlyList<double[]> Inputs { get; }

    /// <summary>Axis of Sum/Mean(axis).</summary>
    public int Axis { get; init; }

    /// <summary>First column of SliceColumns.</summary>
    public int Start { get; init; }

    /// <summary>Column count of SliceColumns.</summary>
    public int Count { get; init; }

    /// <summary>Rows of BroadcastRow, columns of BroadcastColumn.</summary>
    public int Repeat { get; init; }

    public bool TransposeA { get; init; }

    public bool TransposeB { get; init; }

    /// <summary>The constant of AddScalar / MultiplyScalar, Pow's exponent, Clamp's lower bound.</summary>
    public double Constant { get; init; }

    /// <summary>Clamp's upper bound.</summary>
    public double Constant2 { get; init; }

    /// <summary>Target shape of Reshape and BroadcastScalar; the shape ScatterAdd adds into.</summary>
    public Shape Target { get; init; }

    /// <summary>Positions of IndexSelect, Gather and ScatterAdd (in the shape <see cref="PositionShape"/>).</summary>
    public int[] Positions { get; init; } = [];

    public Shape PositionShape { get; init; }

    /// <summary>
    /// Squares the op's output. Used for linear ops so that the HVP check sees a non-zero Hessian (J^T diag(2w) J),
    /// which exercises the op's backward rule when it is itself recorded (createGraph) and differentiated again.
    /// </summary>
    public bool SquareOutput { get; init; }

    /// <summary>
    /// Factor on the default finite-difference steps, set by the regime the values come from (see <see cref="Generators"/>).
    /// Below 1 where the inputs come close to a singularity of the op (log, sqrt, pow near 0, a divisor near 0): the step
    /// must stay well inside the distance to the singularity, or the higher derivatives (which grow like 1/x^k) make the
    /// central difference itself wrong. Above 1 for large values where the op has no curvature on the step's scale:
    /// there the rounding floor ulp(|f|) / 2h of the central difference is what a larger step lowers.
    /// </summary>
    public double StepScale { get; init; } = 1;

    /// <summary>fp64 defaults; only the steps shrink with <see cref="StepScale"/>. The tolerances are never loosened.</summary>
    public GradCheckOptions Options
    {
        get
        {
            GradCheckOptions defaults = GradCheckOptions.For<double>();
            return StepScale == 1 ? defaults : defaults with { Step = defaults.Step * StepScale, HessianStep = defaults.HessianStep * StepScale };
        }
    }

    public string Name
    {
        get
        {
            string arguments = Kind switch
            {
                OpKind.AddScalar or OpKind.MultiplyScalar or OpKind.Pow => Format($"({Constant:R})"),
                OpKind.Clamp => Format($"({Constant:R}, {Constant2:R})"),
                OpKind.SumAxis or OpKind.MeanAxis or OpKind.MaxAxis or OpKind.MinAxis or OpKind.Stack => Format($"(axis: {Axis})"),
                OpKind.IndexSelect or OpKind.Gather => Format($"(axis: {Axis}, [{string.Join(", ", Positions)}] {PositionShape})"),
                OpKind.ScatterAdd => Format($"(axis: {Axis}, [{string.Join(", ", Positions)}] {PositionShape}, into {Target})"),
                OpKind.SliceColumns => Format($"({Start}, {Count})"),
                OpKind.BroadcastRow or OpKind.BroadcastColumn => Format($"({Repeat})"),
                OpKind.BroadcastScalar or OpKind.Reshape => $"({Target})",
                OpKind.MatMul => Format($"(transposeA: {TransposeA}, transposeB: {TransposeB})"),
                _ => "",
            };
            return $"{Kind}{arguments}[{Regime}]{(SquareOutput ? ".Square()" : "")}";
        }
    }

    public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T c = T.CreateTruncating(Constant);
        T c2 = T.CreateTruncating(Constant2);
        Tensor<T> y = Kind switch
        {
            OpKind.Add => x[0].Add(x[1]),
            OpKind.Subtract => x[0].Subtract(x[1]),
            OpKind.Multiply => x[0].Multiply(x[1]),
            OpKind.Divide => x[0].Divide(x[1]),
            OpKind.Negate => x[0].Negate(),
            OpKind.AddScalar => x[0].AddScalar(c),
            OpKind.MultiplyScalar => x[0].MultiplyScalar(c),
            OpKind.FusedMultiplyAdd => x[0].FusedMultiplyAdd(x[1], x[2]),
            OpKind.Exp => x[0].Exp(),
            OpKind.Log => x[0].Log(),
            OpKind.Tanh => x[0].Tanh(),
            OpKind.Sigmoid => x[0].Sigmoid(),
            OpKind.Softplus => x[0].Softplus(),
            OpKind.Relu => x[0].Relu(),
            OpKind.Silu => x[0].Silu(),
            OpKind.Square => x[0].Square(),
            OpKind.Sqrt => x[0].Sqrt(),
            OpKind.Pow => x[0].Pow(c),
            OpKind.Clamp => x[0].Clamp(c, c2),
            OpKind.Maximum => x[0].Maximum(x[1]),
            OpKind.Minimum => x[0].Minimum(x[1]),
            OpKind.Where => x[0].GreaterMask(x[1]).Where(x[2], x[3]),
            OpKind.Sum => x[0].Sum(),
            OpKind.SumAxis => x[0].Sum(Axis),
            OpKind.Mean => x[0].Mean(),
            OpKind.MeanAxis => x[0].Mean(Axis),
            OpKind.Max => x[0].Max(),
            OpKind.Min => x[0].Min(),
            OpKind.SumOfSquares => x[0].SumOfSquares(),
            OpKind.LogSumExp => x[0].LogSumExp(),
            OpKind.LogSumExpRows => x[0].LogSumExp(axis: 1),
            OpKind.LogSoftmax => x[0].LogSoftmax(),
            OpKind.Dot => x[0].Dot(x[1]),
            OpKind.MatMul => x[0].MatMul(x[1], TransposeA, TransposeB),
            OpKind.AddRow => x[0].AddRow(x[1]),
            OpKind.MultiplyRow => x[0].MultiplyRow(x[1]),
            OpKind.BroadcastRow => x[0].BroadcastRow(Repeat),
            OpKind.BroadcastColumn => x[0].BroadcastColumn(Repeat),
            OpKind.BroadcastScalar => x[0].BroadcastScalar(Target),
            OpKind.Reshape => x[0].Reshape(Target),
            OpKind.SliceColumns => x[0].SliceColumns(Start, Count),
            OpKind.ConcatColumns => x[0].ConcatColumns(x[1]),
            OpKind.ClampTensor => x[0].Clamp(x[1], x[2]),
            OpKind.MaxAxis => x[0].Max(Axis),
            OpKind.MinAxis => x[0].Min(Axis),
            OpKind.IndexSelect => x[0].IndexSelect(Axis, Positions),
            OpKind.Gather => x[0].Gather(Axis, tape.Indices(PositionShape, Positions)),
            OpKind.ScatterAdd => x[0].ScatterAdd(Axis, tape.Indices(PositionShape, Positions), Target),
            OpKind.Stack => ShapeOps.Stack(x, Axis),
            _ => throw new InvalidOperationException($"No evaluation for {Kind}."),
        };
        return SquareOutput ? y.Square() : y;
    }

    /// <summary>Name, shapes and every input value (round-trippable), so a failing case can be replayed by hand.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Name);
        if (StepScale != 1)
        {
            text.Append(CultureInfo.InvariantCulture, $" stepScale {StepScale:G3}");
        }

        for (int i = 0; i < Inputs.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  x{i} {InputShapes[i]} = [");
            text.AppendJoin(", ", Inputs[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            text.Append(']');
        }

        return text.ToString();
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
