using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Checking;

/// <summary>
/// Compares a device backend with the host (<see cref="CpuBackend{T}"/>) on the same function, point and precision:
/// the output, the gradient of the output projected on fixed random weights (reverse mode), a JVP along fixed random
/// tangents (forward mode) and a Hessian-vector product (double backward), each computed on a tape of either backend.
/// <para>
/// Tolerance. When every op that ran (forward, backward and JVP, as recorded on the device's tape) is one of
/// <see cref="SameOrderOps"/>, the device performs the host's operations in the host's order with the same
/// rounding, so every value must be equal (two NaNs count as equal). The comparison's own projections (weights,
/// directions) are summed in element order for that reason. Otherwise an op whose device order or math library
/// differs ran: exp, log, tanh, pow and the functions built on them call ILGPU's scalar math where the host
/// uses its own vectorised approximations (each within about 1 ulp of the exact value, fp16 and fp32 computed in fp64
/// and rounded once), and whole-tensor sums and means, dots and row sums and means add in a tree (whole tensors) or
/// left to right (rows) where the host adds in SIMD lanes. Those differences are rounding errors of the run's
/// precision that later ops carry along, so each value must satisfy |device - host| &lt;= <see cref="InexactBound"/> x u x max(1, M), with u
/// the unit roundoff of the precision (2^-11 fp16, 2^-24 fp32, 2^-53 fp64) and M the largest magnitude among the
/// inputs and the host's values of that quantity (output, gradient, JVP or HVP): rounding errors scale with the
/// operands, and a sum that cancels keeps the error of its terms. A wrong kernel is off by far more: typically by O(1)
/// relative. (Observed on the gradcheck battery: at most 4 u x max(1, M) in fp32 and fp64; fp16 results equal.)
/// </para>
/// Thread-safety: stateless; each call builds its own tapes (the device backend must not be in use elsewhere).
/// </summary>
public static class BackendParity
{
    /// <summary>
    /// Units of roundoff allowed, relative to the scale M (the largest magnitude among the inputs and the quantity, at
    /// least 1), where an op with a different order or math library ran: a handful of 1-2 ulp differences that pass
    /// through at most a few dozen further roundings in the composites (an MLP's backward and double backward), with
    /// room to spare but far below what a wrong kernel gives.
    /// </summary>
    public const double InexactBound = 64;

    /// <summary>
    /// The ops whose device kernels give the host's results bit for bit: IEEE-exact elementwise arithmetic (+, -, x, /,
    /// sqrt, fused multiply-add), selections and masks, copies and broadcasts, column sums and means (rows added in
    /// order, then one scaling), whole extremes, and the GEMM (per element the host's blocked order of fused multiply-adds).
    /// </summary>
    public static IReadOnlySet<string> SameOrderOps { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "sub", "mul", "div", "neg", "add_scalar", "mul_scalar", "fma", "square", "sqrt",
        "relu", "relu_backward", "tanh_backward", "sigmoid_backward",
        "clamp", "max", "min", "where", "greater_mask", "equal_mask", "in_range_mask",
        "max_all", "min_all", "sum_axis0", "mean_axis0", "matmul",
        "add_row", "mul_row", "broadcast_row", "broadcast_column", "broadcast_scalar",
        "reshape", "slice", "embed_columns", "concat",
    };

    /// <summary>Compares <paramref name="device"/> with a host backend of the same accumulation on <paramref name="function"/> at <paramref name="inputs"/>.</summary>
    /// <param name="function">The function (any shape of output).</param>
    /// <param name="inputs">The point, one array per input; rounded to T first, so both sides see the same values.</param>
    /// <param name="device">The backend under test.</param>
    /// <param name="seed">Seed of the projection weights, tangents and HVP direction.</param>
    /// <returns>The comparison, naming its worst value.</returns>
    public static ParityResult Compare<T>(IDifferentiableFunction function, IReadOnlyList<double[]> inputs, ComputeBackend<T> device, int seed = 12345)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(device);
        double[][] point = GradCheck.RoundTrip<T>(function, inputs);
        double[] weights = GradCheck.ProjectionWeights(function, point, seed);
        double[][] tangents = GradCheck.RandomDirections<T>(point, seed + 1);
        double[][] direction = GradCheck.RandomDirections<T>(point, seed + 2);
        Derivatives host = Evaluate(new Tape<T>(new CpuBackend<T>(device.Accumulation)), function, point, weights, tangents, direction);
        Derivatives onDevice = Evaluate(new Tape<T>(device), function, point, weights, tangents, direction);
        string[] inexact = [.. onDevice.Ops.Where(op => !SameOrderOps.Contains(op)).Order(StringComparer.Ordinal)];
        double inputMagnitude = point.SelectMany(values => values).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return Judge(function.Name, Precision.NameOf<T>(), device.Name, inexact, UnitRoundoff<T>(), Math.Max(1, inputMagnitude), host, onDevice);
    }

    /// <summary>Compares <paramref name="device"/> with the host on every given battery case, at each case's sampled point.</summary>
    /// <param name="cases">The cases (e.g. <see cref="GradCheckBattery.Cases"/>).</param>
    /// <param name="device">The backend under test.</param>
    /// <param name="seed">Seed of the sampled points.</param>
    /// <returns>One result per case.</returns>
    public static IReadOnlyList<ParityResult> Run<T>(IEnumerable<GradCheckBattery> cases, ComputeBackend<T> device, int seed = 7)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cases);
        var results = new List<ParityResult>();
        foreach (GradCheckBattery function in cases)
        {
            results.Add(Compare(function, function.Sample(new Random(seed)), device));
        }

        return results;
    }

    /// <summary>u = 2^-p for a p-bit significand: 2^-11 (fp16), 2^-24 (fp32), 2^-53 (fp64).</summary>
    private static double UnitRoundoff<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(Half) ? Math.ScaleB(1.0, -11) : typeof(T) == typeof(float) ? Math.ScaleB(1.0, -24) : Math.ScaleB(1.0, -53);

    private static Derivatives Evaluate<T>(Tape<T> tape, IDifferentiableFunction function, double[][] point, double[] weights, double[][] tangents, double[][] direction)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T>[] x = GradCheck.Variables(tape, function, point);
        Tensor<T> y = function.Evaluate(tape, x);
        double[] output = GradCheck.Widen(y);
        double[] jvp = GradCheck.Widen(tape.Jvp(y, x, GradCheck.Constants(tape, function, tangents)));

        var gradients = new Tensor<T>[x.Length];
        Tensor<T> projected = InOrderDot(y, tape.Constant(y.Shape, Narrow<T>(weights), "projection"));
        tape.Gradients(projected, x, gradients, createGraph: true);
        Tensor<T>[] directions = GradCheck.Constants(tape, function, direction);
        Tensor<T> inner = InOrderDot(gradients[0], directions[0]);
        for (int i = 1; i < x.Length; i++)
        {
            inner = inner.Add(InOrderDot(gradients[i], directions[i]));
        }

        var hessianVector = new Tensor<T>[x.Length];
        tape.Gradients(inner, x, hessianVector);
        return new Derivatives(output, GradCheck.Widen(gradients), jvp, GradCheck.Widen(hessianVector), [.. tape.RecordedOps().Distinct()]);
    }

    /// <summary>
    /// x . y as a one-element vector, summed in element order (a column sum of the n x 1 products): the harness's own
    /// projections use only same-order ops, so they never make an exact comparison inexact.
    /// </summary>
    private static Tensor<T> InOrderDot<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => x.Multiply(y).Reshape(Shape.Matrix(x.Length, 1)).Sum(axis: 0);

    private static T[] Narrow<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Array.ConvertAll(values, T.CreateTruncating);

    /// <summary>Compares every quantity, with u = <paramref name="unitRoundoff"/> and the least scale M = <paramref name="scaleFloor"/> (max(1, largest input magnitude)).</summary>
    private static ParityResult Judge(string function, string precision, string deviceName, string[] inexact, double unitRoundoff, double scaleFloor, Derivatives host, Derivatives device)
    {
        bool exact = inexact.Length == 0;
        var worst = new Worst();
        Quantity(worst, "output", [host.Output], [device.Output], exact, unitRoundoff, scaleFloor, single: true);
        Quantity(worst, "gradient", host.Gradient, device.Gradient, exact, unitRoundoff, scaleFloor, single: false);
        Quantity(worst, "jvp", [host.Jvp], [device.Jvp], exact, unitRoundoff, scaleFloor, single: true);
        Quantity(worst, "hvp", host.Hvp, device.Hvp, exact, unitRoundoff, scaleFloor, single: false);
        return new ParityResult(function, precision, deviceName, exact, worst.Passed, worst.Compared, worst.Where, worst.DeviceValue, worst.HostValue, worst.Error, worst.Bound, inexact);
    }

    /// <summary>Compares one quantity; its scale M is the larger of <paramref name="scaleFloor"/> and its largest host magnitude.</summary>
    private static void Quantity(Worst worst, string name, double[][] host, double[][] device, bool exact, double unitRoundoff, double scaleFloor, bool single)
    {
        double largest = scaleFloor;
        foreach (double[] tensor in host)
        {
            foreach (double value in tensor)
            {
                largest = double.IsFinite(value) ? Math.Max(largest, Math.Abs(value)) : largest;
            }
        }

        double bound = exact ? 0 : InexactBound * unitRoundoff * largest;
        for (int i = 0; i < host.Length; i++)
        {
            for (int j = 0; j < host[i].Length; j++)
            {
                double h = host[i][j];
                double d = device[i][j];
                bool same = h.Equals(d); // equal values (+0 and -0 alike, equal infinities) or two NaNs
                double error = same ? 0 : Math.Abs(d - h);
                bool passes = same || (!exact && error <= bound);
                double ratio = passes ? (bound > 0 ? error / bound : 0) : double.PositiveInfinity;
                worst.Compared++;
                worst.Passed &= passes;
                if (ratio > worst.Ratio || worst.Where.Length == 0)
                {
                    worst.Ratio = ratio;
                    worst.Where = single ? $"{name}[{j}]" : $"{name}[{i}][{j}]";
                    worst.DeviceValue = d;
                    worst.HostValue = h;
                    worst.Error = double.IsNaN(error) ? double.PositiveInfinity : error;
                    worst.Bound = bound;
                }
            }
        }
    }

    private sealed record Derivatives(double[] Output, double[][] Gradient, double[] Jvp, double[][] Hvp, string[] Ops);

    /// <summary>The running worst comparison (largest error relative to its bound).</summary>
    private sealed class Worst
    {
        public bool Passed = true;
        public int Compared;
        public double Ratio = -1;
        public string Where = "";
        public double DeviceValue;
        public double HostValue;
        public double Error;
        public double Bound;
    }
}
