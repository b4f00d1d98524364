using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using Half = System.Half;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// The fused policy kernels against fp64 evaluations of DESIGN's formulas, with bounds from the rounding each
/// precision does (stated per test), the fp16 ratio overflow the tape shows, and the clipped objective's gradient
/// against central finite differences of the objective in fp64.
/// </summary>
public sealed class PolicyKernelTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Precisions() => new() { "fp16", "fp32", "fp64" };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void GaussianLogProbMatchesTheFormula(string precision)
    {
        switch (precision)
        {
            case "fp16": LogProb<Half, IlgpuHalf>(); break;
            case "fp32": LogProb<float, float>(); break;
            default: LogProb<double, double>(); break;
        }
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void ClippedObjectiveMatchesTheFormula(string precision)
    {
        switch (precision)
        {
            case "fp16": Clipped<Half, IlgpuHalf>(); break;
            case "fp32": Clipped<float, float>(); break;
            default: Clipped<double, double>(); break;
        }
    }

    [Fact]
    public void Fp16RatioOverflowsWhereTheTapesDoes()
    {
        // exp(12) = 162755 > 65504: the fp16 ratio is +inf, so an unclipped positive-advantage sample gives an
        // infinite gradient, and the min picks the finite clipped term for the loss.
        GpuDevice device = fixture.Device;
        Half[] logpNew = [(Half)12.0, (Half)0.0];
        Half[] logpOld = [(Half)0.0, (Half)0.0];
        Half[] advantages = [(Half)(-1.0), (Half)1.0];
        using var gNew = Precision.Upload<Half, IlgpuHalf>(device, logpNew);
        using var gOld = Precision.Upload<Half, IlgpuHalf>(device, logpOld);
        using var gAdv = Precision.Upload<Half, IlgpuHalf>(device, advantages);
        using var gradient = device.Allocate<IlgpuHalf>(2);
        using var loss = device.Allocate<IlgpuHalf>(1);
        device.Policy.ClippedObjective(gNew.Flat(), gOld.Flat(), gAdv.Flat(), 0.2, ClipMode.Ratio, gradient.Flat(), loss.Flat());
        Half[] g = Precision.Download<Half, IlgpuHalf>(gradient.Flat());
        // Sample 0: r = inf, A = -1: u = -inf < c = -1.2, so min = -inf, the loss is +inf and the gradient -1/2 * -1 * inf.
        Assert.Equal(Half.PositiveInfinity, Precision.Download<Half, IlgpuHalf>(loss.Flat())[0]);
        Assert.Equal(Half.PositiveInfinity, g[0]);
        Assert.Equal((Half)(-0.5), g[1]);
    }

    [Fact]
    public void BadArgumentsNameTheParameter()
    {
        GpuDevice device = fixture.Device;
        using var x = device.Allocate<float>(4);
        using var one = device.Allocate<float>(1);
        using var three = device.Allocate<float>(3);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => device.Policy.ClippedObjective(x.Flat(), x.Flat(), x.Flat(), 1.5, ClipMode.Ratio, three.Flat(), one.Flat())).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => device.Policy.ClippedObjective(x.Flat(), x.Flat(), x.Flat(), 0.2, ClipMode.Ratio, three.Flat(), one.Flat())).ParamName);
        Assert.Equal("logStd", Assert.Throws<ArgumentException>(() => device.Policy.GaussianLogProb(x.Flat(), three.Flat(), x.Flat(), 2, one.Flat())).ParamName);
    }

    /// <summary>
    /// fp64: the kernel's gradient equals the central difference (h = 1e-6) of the objective in fp64 to 1e-6
    /// relative, at points at least 1e-3 away from the clip boundaries and from min's switch (where it is not
    /// differentiable).
    /// </summary>
    [Property(MaxTest = 25, Replay = "20250601,17")]
    public Property ClippedGradientMatchesFiniteDifferences(bool logRatio, int seed)
    {
        var random = new Random(seed);
        const int n = 5;
        double[] logpNew = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 0.8).ToArray();
        double[] logpOld = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 0.8).ToArray();
        double[] advantages = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 4).ToArray();
        ClipMode mode = logRatio ? ClipMode.LogRatio : ClipMode.Ratio;
        const double epsilon = 0.2;
        (double lo, double hi) = Bounds(mode, epsilon);
        GpuDevice device = fixture.Device;
        using var gNew = Precision.Upload<double, double>(device, logpNew);
        using var gOld = Precision.Upload<double, double>(device, logpOld);
        using var gAdv = Precision.Upload<double, double>(device, advantages);
        using var gradient = device.Allocate<double>(n);
        using var loss = device.Allocate<double>(1);
        device.Policy.ClippedObjective(gNew.Flat(), gOld.Flat(), gAdv.Flat(), epsilon, mode, gradient.Flat(), loss.Flat());
        double[] g = Precision.Download<double, double>(gradient.Flat());
        bool ok = true;
        for (int i = 0; i < n; i++)
        {
            double x = mode == ClipMode.Ratio ? Math.Exp(logpNew[i] - logpOld[i]) : logpNew[i] - logpOld[i];
            if (Math.Abs(x - lo) < 1e-3 || Math.Abs(x - hi) < 1e-3)
            {
                continue;
            }

            const double h = 1e-6;
            double[] plus = (double[])logpNew.Clone();
            double[] minus = (double[])logpNew.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (Objective(plus, logpOld, advantages, mode, lo, hi) - Objective(minus, logpOld, advantages, mode, lo, hi)) / (2 * h);
            ok &= Math.Abs(fd - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd));
        }

        return ok.Label($"mode {mode}, seed {seed}");
    }

    private static (double Lo, double Hi) Bounds(ClipMode mode, double epsilon)
        => mode == ClipMode.Ratio ? (1 - epsilon, 1 + epsilon) : (Math.Log(1 - epsilon), Math.Log(1 + epsilon));

    /// <summary>-(1/B) sum min(x A, clip(x, lo, hi) A) in fp64 from given (already rounded) x.</summary>
    private static double Objective(double[] logpNew, double[] logpOld, double[] advantages, ClipMode mode, double lo, double hi)
    {
        double sum = 0;
        for (int i = 0; i < logpNew.Length; i++)
        {
            double x = mode == ClipMode.Ratio ? Math.Exp(logpNew[i] - logpOld[i]) : logpNew[i] - logpOld[i];
            sum += Math.Min(x * advantages[i], Math.Clamp(x, lo, hi) * advantages[i]);
        }

        return -sum / logpNew.Length;
    }

    private void LogProb<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        double u = Precision.AccumulationRoundoff<T>();
        foreach ((int rows, int m, bool shared) in new[] { (1, 1, true), (7, 3, true), (17, 6, false), (33, 2, false) })
        {
            T[] mean = Precision.Uniform<T>(rows * m, -2, 2, rows);
            T[] logStd = Precision.Uniform<T>(shared ? m : rows * m, -1.5, 0.5, rows + 1);
            T[] actions = Precision.Uniform<T>(rows * m, -3, 3, rows + 2);
            using var gMean = Precision.Upload<T, TDevice>(device, mean);
            using var gLogStd = Precision.Upload<T, TDevice>(device, logStd);
            using var gActions = Precision.Upload<T, TDevice>(device, actions);
            using var result = device.Allocate<TDevice>(rows);
            device.Policy.GaussianLogProb(gMean.Flat(), gLogStd.Flat(), gActions.Flat(), m, result.Flat());
            T[] actual = Precision.Download<T, TDevice>(result.Flat());
            double constant = -0.5 * m * Math.Log(2 * Math.PI);
            for (int r = 0; r < rows; r++)
            {
                double quadratic = 0;
                double logDet = 0;
                double magnitude = Math.Abs(constant);
                for (int i = 0; i < m; i++)
                {
                    double ls = Precision.ToDouble(logStd[shared ? i : (r * m) + i]);
                    double z = (Precision.ToDouble(actions[(r * m) + i]) - Precision.ToDouble(mean[(r * m) + i])) / Math.Exp(ls);
                    quadratic += z * z;
                    logDet += ls;
                    magnitude += (z * z) + Math.Abs(ls);
                }

                double expected = (-0.5 * quadratic) - logDet + constant;

                // Per term: the difference, exp, division and square each round once (relative 4u on z^2 after
                // doubling through the square), then m + 3 additions; one rounding to T at the end.
                double bound = ((m + 8) * 2 * u * magnitude) + (Precision.Epsilon<T>() * Math.Abs(expected));
                double difference = Math.Abs(Precision.ToDouble(actual[r]) - expected);
                Assert.True(difference <= bound, $"row {r} of {rows}x{m}: expected {expected:R}, gpu {actual[r]:R}, |difference| {difference:E3} > {bound:E3}.");
            }
        }
    }

    private void Clipped<T, TDevice>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDevice : unmanaged
    {
        GpuDevice device = fixture.Device;
        double u = Precision.AccumulationRoundoff<T>();
        foreach (ClipMode mode in new[] { ClipMode.Ratio, ClipMode.LogRatio })
        {
            foreach (int n in new[] { 1, 17, 65, 300 })
            {
                T[] logpNew = Precision.Uniform<T>(n, -1, 1, n);
                T[] logpOld = Precision.Uniform<T>(n, -1, 1, n + 1);
                T[] advantages = Precision.Uniform<T>(n, -2, 2, n + 2);
                using var gNew = Precision.Upload<T, TDevice>(device, logpNew);
                using var gOld = Precision.Upload<T, TDevice>(device, logpOld);
                using var gAdv = Precision.Upload<T, TDevice>(device, advantages);
                using var gradient = device.Allocate<TDevice>(n);
                using var loss = device.Allocate<TDevice>(1);
                device.Policy.ClippedObjective(gNew.Flat(), gOld.Flat(), gAdv.Flat(), 0.2, mode, gradient.Flat(), loss.Flat());
                T[] g = Precision.Download<T, TDevice>(gradient.Flat());
                double lo = Precision.ToDouble(T.CreateTruncating(Bounds(mode, 0.2).Lo));
                double hi = Precision.ToDouble(T.CreateTruncating(Bounds(mode, 0.2).Hi));
                double sum = 0;
                double magnitude = 0;
                for (int i = 0; i < n; i++)
                {
                    // The log-ratio and the ratio rounded to T where they are formed, as the kernel (and the tape) do.
                    T logRatio = logpNew[i] - logpOld[i];
                    double x = mode == ClipMode.Ratio ? Precision.ToDouble(T.CreateTruncating(Math.Exp(Precision.ToDouble(logRatio)))) : Precision.ToDouble(logRatio);
                    double a = Precision.ToDouble(advantages[i]);
                    double unclipped = x * a;
                    double clipped = Math.Clamp(x, lo, hi) * a;
                    sum += Math.Min(unclipped, clipped);
                    magnitude += Math.Abs(Math.Min(unclipped, clipped));
                    double slope = clipped > unclipped || (x >= lo && x <= hi) ? a : 0;
                    double expectedGradient = -1.0 / n * slope * (mode == ClipMode.Ratio ? x : 1);

                    // The kernel rounds -1/n, the product x a, and two multiplications: 4 roundings, then one to T.
                    double gradientBound = (4 * u * Math.Abs(expectedGradient)) + (Precision.Epsilon<T>() * Math.Abs(expectedGradient));
                    Assert.True(
                        Math.Abs(Precision.ToDouble(g[i]) - expectedGradient) <= gradientBound,
                        $"{mode} n={n} gradient[{i}]: expected {expectedGradient:R}, gpu {g[i]:R}.");
                }

                double expectedLoss = -sum / n;
                double actualLoss = Precision.ToDouble(Precision.Download<T, TDevice>(loss.Flat())[0]);

                // Each term x a rounds once, the sum in any order is within gamma_n sum|terms|, then the scale and T.
                double lossBound = ((u + Precision.Gamma<T>(n) + (2 * u)) * magnitude / n) + (Precision.Epsilon<T>() * Math.Abs(expectedLoss));
                Assert.True(Math.Abs(actualLoss - expectedLoss) <= lossBound, $"{mode} n={n} loss: expected {expectedLoss:R}, gpu {actualLoss:R}, bound {lossBound:E3}.");
            }
        }
    }
}
