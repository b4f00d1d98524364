using FsCheck;
using FsCheck.Fluent;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// A region of an op's domain that one input tensor is drawn from, and the factor on the finite-difference steps
/// that fits it (see <see cref="OpCase.StepScale"/>).
/// </summary>
/// <param name="Name">Shown in the case's name.</param>
/// <param name="Element">Draws one element.</param>
/// <param name="StepScale">The step factor for the drawn values (null: 1).</param>
/// <param name="Squarable">
/// Whether a linear op on these values may square its output. Not for large values: squaring makes |S| ~ 1e6
/// while some derivatives (a relu's dead units, a row sum that cancels) stay near 0, below the FD's rounding floor.
/// </param>
internal sealed record Regime(string Name, Gen<double> Element, Func<double[], double>? StepScale = null, bool Squarable = true)
{
    public double ScaleFor(double[] values) => StepScale?.Invoke(values) ?? 1;
}

/// <summary>
/// FsCheck generators of <see cref="OpCase"/>s: random shapes (rows 1..5, columns 1..6, scalars and vectors where the op
/// takes them) and random values inside each op's domain, with regimes that probe its edges.
/// <para>
/// Each input tensor is drawn from ONE regime (all its elements bulk, or all large, or all near a singularity...).
/// That is what keeps the finite differences meaningful: a gradient check differences the projected scalar
/// S = sum w_i f_i, whose rounding error is about ulp(|S|) / 2h in every element of the numeric gradient, so one
/// element of size 1e8 next to elements whose derivative is 1e-3 would fail the check for the wrong reason.
/// Within a regime the derivatives and |S| scale together.
/// </para>
/// <para>
/// Kinked ops (relu, clamp, max/min, where) keep every input at least <see cref="KinkMargin"/> from the kink, far
/// more than the largest finite-difference perturbation (HessianStep = 1e-5 times a direction in [-1, 1]); their
/// "edge" regimes sit right at that margin.
/// </para>
/// </summary>
internal static class Generators
{
    /// <summary>Smallest distance of any input from a kink (ReLU's 0, clamp's bounds, ties of max/min, where's condition).</summary>
    public const double KinkMargin = 0.05;

    private const int Resolution = 1 << 30;

    /// <summary>Shapes of elementwise inputs: scalar, vector of 1..6, or 1..5 x 1..6 matrix.</summary>
    public static Gen<Shape> AnyShape { get; } = Gen.Frequency(
        (1, Gen.Constant(Shape.Scalar)),
        (2, Gen.Choose(1, 6).Select(Shape.Vector)),
        (6, from rows in Gen.Choose(1, 5) from columns in Gen.Choose(1, 6) select Shape.Matrix(rows, columns)));

    /// <summary>Shapes with columns: a vector of 1..6 or a 1..5 x 1..6 matrix.</summary>
    public static Gen<Shape> VectorOrMatrix { get; } = Gen.Frequency(
        (1, Gen.Choose(1, 6).Select(Shape.Vector)),
        (3, from rows in Gen.Choose(1, 5) from columns in Gen.Choose(1, 6) select Shape.Matrix(rows, columns)));

    // ----- values -----

    /// <summary>Uniform in [low, high] on a grid of 2^30 points.</summary>
    public static Gen<double> Uniform(double low, double high)
        => Gen.Choose(0, Resolution).Select(i => low + ((high - low) * i / Resolution));

    /// <summary>Log-uniform in [low, high] (both positive).</summary>
    public static Gen<double> LogUniform(double low, double high)
        => Uniform(Math.Log(low), Math.Log(high)).Select(Math.Exp);

    /// <summary>A magnitude with a random sign.</summary>
    public static Gen<double> Signed(Gen<double> magnitude)
        => Gen.Zip(magnitude, Gen.Elements(-1.0, 1.0), static (m, s) => m * s);

    /// <summary>Values in [-3, 3].</summary>
    public static Regime Bulk { get; } = new("bulk", Uniform(-3, 3));

    /// <summary>Magnitudes 1e-9..1e-7, far below the finite-difference step's reach of any curvature.</summary>
    public static Regime Tiny { get; } = new("tiny", Signed(LogUniform(1e-9, 1e-7)));

    /// <summary>
    /// Magnitudes 10..100. Only ops that are polynomials of degree &lt;= 2 in their inputs (add, mul, dot, square,
    /// sums...) or piecewise linear with kinks at least 10 away (relu) take these values: their central differences
    /// have no truncation error at any step, so the steps grow 1000x (h = 1e-3, HVP 1e-2), which lowers the rounding
    /// floor ulp(|f|) / 2h, with |f| up to ~1e5, to ~1e-8. (With h = 1e-6 the floor is ~1e-5: a scalar JVP
    /// sum 2 x_i v_i that cancels to ~0.1 fails the 1e-6 absolute tolerance for that reason alone.)
    /// </summary>
    public static Regime Large { get; } = new("large", Signed(Uniform(10, 100)), static _ => 1000, Squarable: false);

    /// <summary>
    /// Magnitudes 100..1000 for the saturating activations (tanh, sigmoid, silu, softplus). A naive formula overflows
    /// there (exp(1000) = inf, inf / inf = NaN). In fp64 these ops have no curvature at |x| >= 100 (tanh is exactly
    /// +-1, sigmoid 0 or 1, softplus and silu x or 0, up to e^-100), so the steps grow 100x: the rounding
    /// floor ulp(|f|) / 2h of |f| ~ 1e4 (silu, softplus) would otherwise sit at the 1e-6 absolute tolerance.
    /// </summary>
    public static Regime Huge { get; } = new("huge", Signed(Uniform(100, 1000)), static _ => 100);

    /// <summary>
    /// Positive values down to 1e-3 above a singularity at 0 (log, sqrt, pow, a divisor). The steps shrink with the
    /// distance d to the singularity (factor min(1, 10 d)), so every perturbed point stays on the same side and the
    /// central difference's truncation error, which grows like (h / d)^2, stays below 1e-8.
    /// </summary>
    public static Regime NearZero(double low, double high) => new($"near-zero[{low:G2}..{high:G2}]", LogUniform(low, high), ScaleToSingularity);

    public static double ScaleToSingularity(double[] values)
        => values.Length == 0 ? 1 : Math.Min(1, 10 * values.Min(Math.Abs));

    /// <summary>One value per element of <paramref name="shape"/> from the regime.</summary>
    public static Gen<double[]> Values(Shape shape, Regime regime) => Gen.ArrayOf(regime.Element, shape.Length);

    private static Gen<Regime> OneOf(params (int Weight, Regime Regime)[] regimes)
        => Gen.Frequency(regimes.Select(r => (r.Weight, Gen.Constant(r.Regime))));

    private static Gen<bool> Coin { get; } = Gen.Elements(false, true);

    // ----- per-op generators -----

    /// <summary>The generator for one op kind.</summary>
    public static Gen<OpCase> For(OpKind kind) => kind switch
    {
        OpKind.Add or OpKind.Subtract => Elementwise(kind, 2, squarable: true, SmallOrAllLarge(2)),
        OpKind.Multiply => Elementwise(kind, 2, squarable: false, SmallOrAllLarge(2)),

        // No large regime: x y + z with |x y| ~ 1e4 puts |S| far above the z-gradient's (= w) rounding floor.
        OpKind.FusedMultiplyAdd => Elementwise(kind, 3, squarable: false, OneOf((4, Bulk), (1, Tiny))),
        OpKind.Divide => Divide(),
        OpKind.Negate => Elementwise(kind, 1, squarable: true, OneOf((3, Bulk), (1, Tiny), (1, Large))),
        OpKind.AddScalar or OpKind.MultiplyScalar => ScalarConstant(kind),
        OpKind.Exp => Elementwise(kind, 1, squarable: false, OneOf(
            (3, Bulk),
            // Within one tensor exp spans at most e^5: |S| ~ n e^20 must stay small next to the smallest derivative e^15.
            (1, new Regime("15..20", Uniform(15, 20))),
            (1, new Regime("-20..-15", Uniform(-20, -15))),
            (1, new Regime("-20..2", Uniform(-20, 2))),

            // Just below fp64's overflow at 709.78, and down where exp and its derivative are subnormal or 0.
            (1, new Regime("695..700", Uniform(695, 700))),
            (1, new Regime("-740..-700", Uniform(-740, -700))),
            (1, Tiny))),
        OpKind.Log => Elementwise(kind, 1, squarable: false, OneOf(
            (3, new Regime("bulk-positive", Uniform(0.1, 5))),
            (1, NearZero(1e-3, 1e-2)),
            (1, NearZero(1e-8, 1e-7)),
            (1, new Regime("large", LogUniform(1e2, 1e6))))),
        OpKind.Tanh => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (2, Saturating(15, 30)), (1, Huge), (1, Tiny))),
        OpKind.Sigmoid => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (2, Saturating(15, 40)), (1, Huge), (1, Tiny))),
        OpKind.Silu => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (2, Saturating(15, 40)), (1, Huge), (1, Tiny))),
        OpKind.Softplus => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (2, Saturating(15, 40)), (1, Huge), (1, Tiny))),
        OpKind.Relu => Elementwise(kind, 1, squarable: true, OneOf(
            (3, new Regime("bulk-off-kink", Signed(Uniform(KinkMargin, 3)))),
            (1, new Regime("at-kink-margin", Signed(Uniform(KinkMargin, KinkMargin + 0.01)))),
            (1, Large))),
        OpKind.Square => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (1, Tiny), (1, Large))),
        OpKind.Sqrt => Elementwise(kind, 1, squarable: false, OneOf(
            (3, new Regime("bulk-positive", Uniform(0.1, 5))),
            (1, NearZero(1e-4, 1e-2)),
            (1, NearZero(1e-10, 1e-8)),
            (1, new Regime("large", LogUniform(10, 1e3))))),
        OpKind.Pow => Pow(),
        OpKind.Clamp => Clamp(),
        OpKind.Maximum or OpKind.Minimum => Extremum(kind),
        OpKind.Where => Where(),
        OpKind.Sum or OpKind.Mean => Elementwise(kind, 1, squarable: true, OneOf((3, Bulk), (1, Tiny), (1, Large))),
        OpKind.SumAxis or OpKind.MeanAxis => AxisReduction(kind),
        OpKind.Max or OpKind.Min => Extreme(kind),
        OpKind.SumOfSquares => Elementwise(kind, 1, squarable: false, OneOf((3, Bulk), (1, Tiny), (1, Large))),
        OpKind.LogSumExp or OpKind.LogSumExpRows or OpKind.LogSoftmax => Elementwise(kind, 1, squarable: false, OneOf(
            (3, Bulk),
            (1, new Regime("spread-50", Uniform(-50, 50))),

            // exp overflows (+1000) or underflows to 0 (-1000) unless the max is shifted out first. The outputs sit
            // near +-1000 while the curvature scale stays 1, so the steps grow 10x (truncation ~ h^2 = 1e-10) to keep
            // ulp(|S|) / 2h well below the tolerance.
            (1, new Regime("shifted+1000", Uniform(997, 1003), static _ => 10)),
            (1, new Regime("shifted-1000", Uniform(-1003, -997), static _ => 10)),
            (1, Tiny))),
        OpKind.Dot => Elementwise(kind, 2, squarable: false, SmallOrAllLarge(2)),
        OpKind.MatMul => MatMul(),
        OpKind.AddRow => RowBroadcast(kind, squarable: true),
        OpKind.MultiplyRow => RowBroadcast(kind, squarable: false),
        OpKind.BroadcastRow or OpKind.BroadcastColumn => Broadcast(kind),
        OpKind.BroadcastScalar => BroadcastScalar(),
        OpKind.Reshape => Reshape(),
        OpKind.SliceColumns => Slice(),
        OpKind.ConcatColumns => Concat(),
        OpKind.ClampTensor => ClampTensor(),
        OpKind.MaxAxis or OpKind.MinAxis => ExtremeAlongAxis(kind),
        OpKind.IndexSelect => IndexSelect(),
        OpKind.Gather => Gather(),
        OpKind.ScatterAdd => ScatterAdd(),
        OpKind.Stack => Stack(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No generator."),
    };

    /// <summary>
    /// Each input independently bulk or tiny, or all inputs large (mixing large with small inputs would put |S| far
    /// above the rounding floor of the derivatives that the small inputs' partners get).
    /// </summary>
    private static Gen<Regime[]> SmallOrAllLarge(int arity)
        => Gen.Frequency(
            (5, Gen.ArrayOf(OneOf((4, Bulk), (1, Tiny)), arity)),
            (1, Gen.Constant(Enumerable.Repeat(Large, arity).ToArray())));

    /// <summary>Mostly bulk values, some saturating (|x| in [low, high]) where the derivative underflows towards 0.</summary>
    private static Regime Saturating(double low, double high)
        => new($"saturating-{high}", Gen.Frequency((1, Uniform(-3, 3)), (1, Signed(Uniform(low, high)))));

    /// <summary>
    /// An op on <paramref name="arity"/> inputs of one random shape, each input from its own regime. Linear or
    /// piecewise-linear ops (<paramref name="squarable"/>) sometimes square their output (see <see cref="OpCase.SquareOutput"/>).
    /// </summary>
    private static Gen<OpCase> Elementwise(OpKind kind, int arity, bool squarable, Gen<Regime> regimes)
        => Elementwise(kind, arity, squarable, Gen.ArrayOf(regimes, arity));

    /// <summary>As above with the regimes of all inputs drawn together.</summary>
    private static Gen<OpCase> Elementwise(OpKind kind, int arity, bool squarable, Gen<Regime[]> regimes)
        => from shape in AnyShape
           from chosen in regimes
           from inputs in Gen.CollectToArray(chosen.Select(r => Values(shape, r)))
           from square in squarable && chosen.All(r => r.Squarable) ? Coin : Gen.Constant(false)
           select new OpCase(kind, string.Join("/", chosen.Select(r => r.Name)), Enumerable.Repeat(shape, arity).ToArray(), inputs)
           {
               SquareOutput = square,
               StepScale = Enumerable.Range(0, arity).Min(i => chosen[i].ScaleFor(inputs[i])),
           };

    private static Gen<OpCase> ScalarConstant(OpKind kind)
        => from core in Elementwise(kind, 1, squarable: true, OneOf((3, Bulk), (1, Tiny), (1, Large)))
           from constant in Gen.Frequency((4, Uniform(-3, 3)), (1, Gen.Elements(0.0, 1.0, -1.0)))
           select new OpCase(kind, core.Regime, [.. core.InputShapes], [.. core.Inputs])
           {
               Constant = constant,
               SquareOutput = core.SquareOutput,
               StepScale = core.StepScale,
           };

    /// <summary>x / y: numerators anywhere; divisors away from 0, or down to 0.01 with numerators of size (see below).</summary>
    private static Gen<OpCase> Divide()
    {
        var bulkNumerator = new Regime("bulk", Uniform(-3, 3));
        var bulkDivisor = new Regime("divisor-0.2..3", Signed(Uniform(0.2, 3)));
        var largeDivisor = new Regime("divisor-10..100", Signed(Uniform(10, 100)));

        // Divisors in [0.01, 0.05]: |x / y| reaches 200, so |S| and its rounding error grow; numerators of magnitude
        // >= 0.5 keep d/dy = -x / y^2 large with it (a near-zero numerator would make d/dy tiny next to a huge S).
        var sizedNumerator = new Regime("sized", Signed(Uniform(0.5, 2)));
        var nearZeroDivisor = new Regime("divisor-near-zero", Signed(Uniform(0.01, 0.05)), ScaleToSingularity);
        Gen<(Regime X, Regime Y)> pairs = Gen.Frequency(
            (4, Gen.Constant((bulkNumerator, bulkDivisor))),
            (1, Gen.Constant((Tiny, bulkDivisor))),
            (1, Gen.Constant((bulkNumerator, largeDivisor))),
            (2, Gen.Constant((sizedNumerator, nearZeroDivisor))));
        return from shape in AnyShape
               from pair in pairs
               from x in Values(shape, pair.X)
               from y in Values(shape, pair.Y)
               select new OpCase(OpKind.Divide, $"{pair.X.Name}/{pair.Y.Name}", [shape, shape], [x, y])
               {
                   StepScale = Math.Min(pair.X.ScaleFor(x), pair.Y.ScaleFor(y)),
               };
    }

    /// <summary>x^c for positive bases and c in [-3, 3.7] (plus 0, 1, 2); negative bases with integer exponents.</summary>
    private static Gen<OpCase> Pow()
    {
        Gen<double> anyExponent = Gen.Frequency((3, Uniform(-3, 3.7)), (2, Gen.Elements(0.0, 1.0, 2.0, 0.5, -1.0, -2.5)));
        Gen<double> integerExponent = Gen.Elements(-2.0, -1.0, 0.0, 1.0, 2.0, 3.0);
        var bulk = new Regime("bulk-positive", Uniform(0.2, 2));
        var negative = new Regime("negative-base", Signed(Uniform(0.2, 2)));
        Gen<(Regime Base, Gen<double> Exponent)> regimes = Gen.Frequency(
            (4, Gen.Constant((bulk, anyExponent))),
            // x^-3 grows 1e4x across [1e-3, 1e-2]; a factor 3 keeps |S| within reach of the smallest derivative.
            (2, Gen.Constant((NearZero(1e-3, 3e-3), anyExponent))),
            (2, Gen.Constant((negative, integerExponent))));
        return from shape in AnyShape
               from regime in regimes
               from exponent in regime.Exponent
               from x in Values(shape, regime.Base)
               select new OpCase(OpKind.Pow, regime.Base.Name, [shape], [x])
               {
                   Constant = exponent,
                   StepScale = regime.Base.ScaleFor(x),
               };
    }

    /// <summary>clamp(x, lo, hi): values inside, below, above and at the margin of either bound; sometimes lo == hi.</summary>
    private static Gen<OpCase> Clamp()
        => from shape in AnyShape
           from low in Uniform(-2, 1)
           from width in Gen.Frequency((6, Uniform(0.2, 3)), (1, Gen.Constant(0.0)))
           from edge in Coin
           from x in Gen.ArrayOf(ClampValue(low, low + width, edge), shape.Length)
           from square in Coin
           select new OpCase(OpKind.Clamp, width == 0 ? "lo==hi" : edge ? "at-bound-margin" : "bulk", [shape], [x])
           {
               Constant = low,
               Constant2 = low + width,
               SquareOutput = square,
           };

    private static Gen<double> ClampValue(double low, double high, bool edge)
    {
        if (edge)
        {
            Gen<double> offset = Uniform(KinkMargin, KinkMargin + 0.01);
            var near = new List<(int, Gen<double>)>
            {
                (1, offset.Select(d => low - d)),
                (1, offset.Select(d => high + d)),
            };
            if (high - low >= 2 * (KinkMargin + 0.01))
            {
                near.Add((1, offset.Select(d => low + d)));
                near.Add((1, offset.Select(d => high - d)));
            }

            return Gen.Frequency(near);
        }

        var choices = new List<(int, Gen<double>)>
        {
            (1, Uniform(low - 3, low - KinkMargin)),
            (1, Uniform(high + KinkMargin, high + 3)),
        };
        if (high - low > 2 * KinkMargin)
        {
            choices.Add((2, Uniform(low + KinkMargin, high - KinkMargin)));
        }

        return Gen.Frequency(choices);
    }

    /// <summary>Two inputs whose elements differ by at least the kink margin (so max/min never tie).</summary>
    private static Gen<(double[] X, double[] Y, string Regime)> SeparatedPair(Shape shape)
        => from edge in Coin
           from x in Gen.ArrayOf(Uniform(-3, 3), shape.Length)
           from gaps in Gen.ArrayOf(Signed(edge ? Uniform(KinkMargin, KinkMargin + 0.01) : Uniform(KinkMargin, 2)), shape.Length)
           select (x, x.Zip(gaps, static (a, g) => a + g).ToArray(), edge ? "gap-at-margin" : "bulk");

    private static Gen<OpCase> Extremum(OpKind kind)
        => from shape in AnyShape
           from pair in SeparatedPair(shape)
           from swap in Coin
           from square in Coin
           select new OpCase(kind, pair.Regime, [shape, shape], swap ? [pair.Y, pair.X] : [pair.X, pair.Y]) { SquareOutput = square };

    /// <summary>GreaterMask(a, b).Where(t, f) with a and b separated (the mask cannot flip under the steps).</summary>
    private static Gen<OpCase> Where()
        => from shape in AnyShape
           from pair in SeparatedPair(shape)
           from whenTrue in Values(shape, Bulk)
           from whenFalse in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.Where, pair.Regime, [shape, shape, shape, shape], [pair.X, pair.Y, whenTrue, whenFalse]) { SquareOutput = square };

    private static Gen<OpCase> AxisReduction(OpKind kind)
        => from core in Elementwise(kind, 1, squarable: true, OneOf((3, Bulk), (1, Tiny), (1, Large)))
           from axis in Gen.Elements(0, 1)
           select new OpCase(kind, core.Regime, [.. core.InputShapes], [.. core.Inputs])
           {
               Axis = axis,
               SquareOutput = core.SquareOutput,
               StepScale = core.StepScale,
           };

    /// <summary>Max/Min over all elements with a unique extremum, at least the kink margin ahead of the runner-up.</summary>
    private static Gen<OpCase> Extreme(OpKind kind)
        => from shape in AnyShape
           from large in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
           from values in Gen.ArrayOf(large ? Signed(Uniform(10, 1000)) : Uniform(-3, 3), shape.Length)
           from edge in Coin
           from gap in edge ? Uniform(KinkMargin, KinkMargin + 0.01) : Uniform(KinkMargin, 1)
           from at in Gen.Choose(0, shape.Length - 1)
           from square in large ? Gen.Constant(false) : Coin
           select new OpCase(kind, (large ? "large" : "bulk") + (edge ? "/gap-at-margin" : ""), [shape], [WithUniqueExtreme(values, at, gap, kind == OpKind.Max)])
           {
               SquareOutput = square,
           };

    private static double[] WithUniqueExtreme(double[] values, int at, double gap, bool maximum)
    {
        double[] result = (double[])values.Clone();
        double runnerUp = maximum ? double.NegativeInfinity : double.PositiveInfinity;
        for (int i = 0; i < result.Length; i++)
        {
            if (i != at)
            {
                runnerUp = maximum ? Math.Max(runnerUp, result[i]) : Math.Min(runnerUp, result[i]);
            }
        }

        if (double.IsFinite(runnerUp))
        {
            result[at] = maximum ? runnerUp + gap : runnerUp - gap;
        }

        return result;
    }

    /// <summary>
    /// op(A) op(B) for random m, k, n in 1..5 and all four transposes; a stored A with one row may be a vector (a row) and
    /// a stored B with one column a vector (a column), as torch.matmul reads them.
    /// </summary>
    private static Gen<OpCase> MatMul()
        => from m in Gen.Choose(1, 5)
           from k in Gen.Choose(1, 5)
           from n in Gen.Choose(1, 5)
           from transposeA in Coin
           from transposeB in Coin
           from aAsVector in Coin
           from bAsVector in Coin
           from regimes in Gen.ArrayOf(OneOf((4, Bulk), (1, Tiny)), 2)
           let a = Stored(transposeA ? k : m, transposeA ? m : k, aAsVector)
           let b = StoredColumn(transposeB ? n : k, transposeB ? k : n, bAsVector)
           from aValues in Values(a, regimes[0])
           from bValues in Values(b, regimes[1])
           select new OpCase(OpKind.MatMul, $"{regimes[0].Name}/{regimes[1].Name}", [a, b], [aValues, bValues])
           {
               TransposeA = transposeA,
               TransposeB = transposeB,
           };

    private static Shape Stored(int rows, int columns, bool asVector) => rows == 1 && asVector ? Shape.Vector(columns) : Shape.Matrix(rows, columns);

    private static Shape StoredColumn(int rows, int columns, bool asVector) => columns == 1 && asVector ? Shape.Vector(rows) : Shape.Matrix(rows, columns);

    /// <summary>x (vector or matrix) with a row of x.Columns elements, as a vector or a 1 x n matrix.</summary>
    private static Gen<OpCase> RowBroadcast(OpKind kind, bool squarable)
        => from shape in VectorOrMatrix
           from rowAsMatrix in Coin
           let row = rowAsMatrix ? Shape.Matrix(1, shape.Columns) : Shape.Vector(shape.Columns)
           from regimes in Gen.ArrayOf(OneOf((3, Bulk), (1, Tiny)), 2)
           from x in Values(shape, regimes[0])
           from r in Values(row, regimes[1])
           from square in squarable ? Coin : Gen.Constant(false)
           select new OpCase(kind, $"{regimes[0].Name}/{regimes[1].Name}", [shape, row], [x, r]) { SquareOutput = square };

    /// <summary>BroadcastRow(rows) / BroadcastColumn(columns) of a vector, 1 x n or n x 1 matrix; the count may be 0.</summary>
    private static Gen<OpCase> Broadcast(OpKind kind)
        => from length in Gen.Choose(1, 6)
           from form in Gen.Choose(0, 2)
           let shape = form switch { 0 => Shape.Vector(length), 1 => Shape.Matrix(1, length), _ => Shape.Matrix(length, 1) }
           from repeat in Gen.Frequency((8, Gen.Choose(1, 5)), (1, Gen.Constant(0)))
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(kind, "bulk", [shape], [x]) { Repeat = repeat, SquareOutput = square };

    private static Gen<OpCase> BroadcastScalar()
        => from source in Gen.Elements(Shape.Scalar, Shape.Vector(1), Shape.Matrix(1, 1))
           from target in AnyShape
           from x in Values(source, Bulk)
           from square in Coin
           select new OpCase(OpKind.BroadcastScalar, "bulk", [source], [x]) { Target = target, SquareOutput = square };

    /// <summary>Any shape to a random shape of the same length (vector, any factorisation as a matrix, scalar for 1).</summary>
    private static Gen<OpCase> Reshape()
        => from shape in AnyShape
           from target in Gen.Elements<Shape>(ShapesOfLength(shape.Length))
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.Reshape, "bulk", [shape], [x]) { Target = target, SquareOutput = square };

    private static List<Shape> ShapesOfLength(int length)
    {
        var shapes = new List<Shape> { Shape.Vector(length) };
        for (int rows = 1; rows <= length; rows++)
        {
            if (length % rows == 0)
            {
                shapes.Add(Shape.Matrix(rows, length / rows));
            }
        }

        if (length == 1)
        {
            shapes.Add(Shape.Scalar);
        }

        return shapes;
    }

    /// <summary>Columns [start, start + count) of a vector or matrix; sometimes empty (count 0, start up to the end).</summary>
    private static Gen<OpCase> Slice()
        => from shape in VectorOrMatrix
           from empty in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
           from start in Gen.Choose(0, empty ? shape.Columns : shape.Columns - 1)
           from count in empty ? Gen.Constant(0) : Gen.Choose(1, shape.Columns - start)
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.SliceColumns, "bulk", [shape], [x]) { Start = start, Count = count, SquareOutput = square };

    /// <summary>[x | y] with a random split of 2..7 columns over 1..5 rows (or two vectors).</summary>
    private static Gen<OpCase> Concat()
        => from rows in Gen.Choose(1, 5)
           from columns in Gen.Choose(2, 7)
           from split in Gen.Choose(1, columns - 1)
           from asVectors in rows == 1 ? Coin : Gen.Constant(false)
           let left = asVectors ? Shape.Vector(split) : Shape.Matrix(rows, split)
           let right = asVectors ? Shape.Vector(columns - split) : Shape.Matrix(rows, columns - split)
           from x in Values(left, Bulk)
           from y in Values(right, Bulk)
           from square in Coin
           select new OpCase(OpKind.ConcatColumns, "bulk", [left, right], [x, y]) { SquareOutput = square };

    /// <summary>
    /// clamp(x, min, max) with tensor bounds; each element is inside its bounds, below, above, or has crossed bounds
    /// (min &gt; max), always at least the kink margin from every tie.
    /// </summary>
    private static Gen<OpCase> ClampTensor()
    {
        Gen<double> gap = Uniform(KinkMargin, 1.5);
        Gen<(double X, double Min, double Max)> element = Gen.Frequency(
            (3, from x in Uniform(-2, 2) from a in gap from b in gap select (x, x - a, x + b)),
            (2, from x in Uniform(-2, 2) from a in gap from w in Uniform(0, 1.5) select (x, x + a, x + a + w)),
            (2, from x in Uniform(-2, 2) from a in gap from w in Uniform(0, 1.5) select (x, x - a - w, x - a)),
            (1, from x in Uniform(-2, 2)
                from a in gap
                from w in gap
                from above in Coin
                select above ? (x, x + a + w, x + a) : (x, x - a, x - a - w)));
        return from shape in AnyShape
               from elements in Gen.ArrayOf(element, shape.Length)
               from square in Coin
               select new OpCase(
                   OpKind.ClampTensor,
                   "inside/below/above/crossed",
                   [shape, shape, shape],
                   [elements.Select(e => e.X).ToArray(), elements.Select(e => e.Min).ToArray(), elements.Select(e => e.Max).ToArray()])
               {
                   SquareOutput = square,
               };
    }

    /// <summary>Max/Min along an axis of a vector or matrix, each lane's extremum the kink margin ahead of its runner-up.</summary>
    private static Gen<OpCase> ExtremeAlongAxis(OpKind kind)
        => from shape in VectorOrMatrix
           from axis in shape.Rank == 1 ? Gen.Constant(0) : Gen.Elements(0, 1)
           from values in Gen.ArrayOf(Uniform(-3, 3), shape.Length)
           from gap in Uniform(KinkMargin, 1)
           from square in Coin
           select new OpCase(kind, "bulk", [shape], [WithUniqueLaneExtremes(values, shape, axis, gap, kind == OpKind.MaxAxis)])
           {
               Axis = axis,
               SquareOutput = square,
           };

    private static double[] WithUniqueLaneExtremes(double[] values, Shape shape, int axis, double gap, bool maximum)
    {
        double[] result = (double[])values.Clone();
        (int outer, int length, int inner) = shape.Rank == 1 ? (1, shape.Length, 1) : axis == 0 ? (1, shape.Rows, shape.Columns) : (shape.Rows, shape.Columns, 1);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double[] lane = Enumerable.Range(0, length).Select(k => result[(((o * length) + k) * inner) + i]).ToArray();
                double[] unique = WithUniqueExtreme(lane, (o + i) % length, gap, maximum);
                for (int k = 0; k < length; k++)
                {
                    result[(((o * length) + k) * inner) + i] = unique[k];
                }
            }
        }

        return result;
    }

    /// <summary>index_select along a random axis with 1..5 positions, repeats allowed (their gradients add up).</summary>
    private static Gen<OpCase> IndexSelect()
        => from shape in VectorOrMatrix
           from axis in shape.Rank == 1 ? Gen.Constant(0) : Gen.Elements(0, 1)
           let length = shape.Rank == 1 || axis == 1 ? shape.Columns : shape.Rows
           from count in Gen.Choose(1, 5)
           from positions in Gen.ArrayOf(Gen.Choose(0, length - 1), count)
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.IndexSelect, "bulk", [shape], [x])
           {
               Axis = axis,
               Positions = positions,
               PositionShape = Shape.Vector(count),
               SquareOutput = square,
           };

    /// <summary>gather along a random axis: positions shaped like x off the axis and 1..5 long along it.</summary>
    private static Gen<OpCase> Gather()
        => from shape in VectorOrMatrix
           from axis in shape.Rank == 1 ? Gen.Constant(0) : Gen.Elements(0, 1)
           let length = shape.Rank == 1 || axis == 1 ? shape.Columns : shape.Rows
           from count in Gen.Choose(1, 5)
           let positionShape = shape.Rank == 1 ? Shape.Vector(count) : axis == 0 ? Shape.Matrix(count, shape.Columns) : Shape.Matrix(shape.Rows, count)
           from positions in Gen.ArrayOf(Gen.Choose(0, length - 1), positionShape.Length)
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.Gather, "bulk", [shape], [x])
           {
               Axis = axis,
               Positions = positions,
               PositionShape = positionShape,
               SquareOutput = square,
           };

    /// <summary>scatter_add of x (1..5 long along the axis) into a random shape, positions with repeats.</summary>
    private static Gen<OpCase> ScatterAdd()
        => from target in VectorOrMatrix
           from axis in target.Rank == 1 ? Gen.Constant(0) : Gen.Elements(0, 1)
           let length = target.Rank == 1 || axis == 1 ? target.Columns : target.Rows
           from count in Gen.Choose(1, 5)
           let shape = target.Rank == 1 ? Shape.Vector(count) : axis == 0 ? Shape.Matrix(count, target.Columns) : Shape.Matrix(target.Rows, count)
           from positions in Gen.ArrayOf(Gen.Choose(0, length - 1), shape.Length)
           from x in Values(shape, Bulk)
           from square in Coin
           select new OpCase(OpKind.ScatterAdd, "bulk", [shape], [x])
           {
               Axis = axis,
               Positions = positions,
               PositionShape = shape,
               Target = target,
               SquareOutput = square,
           };

    /// <summary>stack of 1..5 scalars (axis 0) or vectors of 1..6 (axis 0 or 1).</summary>
    private static Gen<OpCase> Stack()
        => from count in Gen.Choose(1, 5)
           from shape in Gen.Frequency((1, Gen.Constant(Shape.Scalar)), (3, Gen.Choose(1, 6).Select(Shape.Vector)))
           from axis in shape.Rank == 0 ? Gen.Constant(0) : Gen.Elements(0, 1)
           from inputs in Gen.ArrayOf(Values(shape, Bulk), count)
           from square in Coin
           select new OpCase(OpKind.Stack, "bulk", Enumerable.Repeat(shape, count).ToArray(), inputs)
           {
               Axis = axis,
               SquareOutput = square,
           };
}
