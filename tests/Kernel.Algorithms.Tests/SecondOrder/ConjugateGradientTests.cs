using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.SecondOrder;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>
/// Conjugate gradient: solves random well-conditioned SPD systems to tolerance within n iterations (FsCheck over
/// dimension and seed), reports a capped solve as not converged with its residual history, detects an indefinite
/// operator as a breakdown, applies damping, and shows what fp32 and fp16 do to the same solve.
/// </summary>
public class ConjugateGradientTests
{
    [Property(MaxTest = 60, Replay = "(20261123,24681)")]
    public Property SolvesWellConditionedSpdSystemsWithinNIterations()
        => Prop.ForAll(Gen.Choose(1, 24).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), static (n, seed) =>
        {
            double[] a = DenseOperator<double>.WellConditioned(n, seed);
            double[] b = RandomVector(n, seed + 1);
            var solver = new ConjugateGradient<double>(n, new ConjugateGradientOptions { MaxIterations = n, Tolerance = 1e-10 });
            var x = new double[n];
            var matrix = new DenseOperator<double>(a, n);
            ConjugateGradientResult result = solver.Solve(matrix, b, x);

            Assert.True(result.Converged, $"n {n}, seed {seed}: {result}");
            Assert.True(result.Iterations <= n);
            Assert.Equal(result.Iterations, matrix.Products);
            double[] ax = Multiply(a, x);
            double trueResidual = Norm(ax.Zip(b, (p, q) => p - q).ToArray());
            Assert.True(trueResidual <= 1e-8 * Norm(b), $"n {n}: ||Ax - b|| = {trueResidual:E3}");
            Assert.Equal(result.Iterations + 1, solver.ResidualHistory.Length);
            Assert.Equal(Norm(b), solver.ResidualHistory[0], 12);
        });

    [Fact]
    public void ACappedSolveReportsNonConvergenceHonestly()
    {
        const int n = 12;
        double[] a = DenseOperator<double>.WellConditioned(n, 3);
        double[] b = RandomVector(n, 4);
        var solver = new ConjugateGradient<double>(n, new ConjugateGradientOptions { MaxIterations = 3, Tolerance = 1e-10 });
        var x = new double[n];
        ConjugateGradientResult result = solver.Solve(new DenseOperator<double>(a, n), b, x);

        Assert.False(result.Converged);
        Assert.Equal(ConjugateGradientStop.MaxIterations, result.Stop);
        Assert.Equal(3, result.Iterations);
        Assert.True(result.RelativeResidual > 1e-10);
        Assert.Equal(4, solver.ResidualHistory.Length);
        Assert.Equal(result.ResidualNorm, solver.ResidualHistory[^1]);

        // The residual is the true one: ||b - A x|| matches the recurrence's.
        double trueResidual = Norm(Multiply(a, x).Zip(b, (p, q) => q - p).ToArray());
        Assert.Equal(trueResidual, result.ResidualNorm, 1e-10);
    }

    [Fact]
    public void AnIndefiniteOperatorIsReportedAsABreakdown()
    {
        double[] a = [1, 0, 0, -1];
        var solver = new ConjugateGradient<double>(2);
        var x = new double[2];
        ConjugateGradientResult result = solver.Solve(new DenseOperator<double>(a, 2), [0, 1], x);
        Assert.Equal(ConjugateGradientStop.Breakdown, result.Stop);
        Assert.False(result.Converged);
    }

    [Fact]
    public void DampingSolvesTheShiftedSystem()
    {
        const int n = 6;
        double[] a = DenseOperator<double>.WellConditioned(n, 8);
        double[] shifted = (double[])a.Clone();
        for (int i = 0; i < n; i++)
        {
            shifted[(i * n) + i] += 0.1;
        }

        double[] b = RandomVector(n, 9);
        var damped = new double[n];
        var reference = new double[n];
        new ConjugateGradient<double>(n, new ConjugateGradientOptions { MaxIterations = n, Damping = 0.1 }).Solve(new DenseOperator<double>(a, n), b, damped);
        new ConjugateGradient<double>(n, new ConjugateGradientOptions { MaxIterations = n }).Solve(new DenseOperator<double>(shifted, n), b, reference);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(reference[i], damped[i], 1e-12);
        }
    }

    [Fact]
    public void LowerPrecisionsSolveTheSameSystemToTheirOwnAccuracy()
    {
        // Measured, not assumed, on this 10 x 10 system: fp32 CG(10) ends 7e-8 from the fp64 solution (its recurrence
        // residual, which drifts from b - A x in finite precision, passes 1e-10); fp16 breaks down at iteration 5, when
        // p^T A p rounds to 0 in fp16, 8e-4 from the solution. The bounds leave a decade of room.
        const int n = 10;
        double[] a = DenseOperator<double>.WellConditioned(n, 21);
        double[] b = RandomVector(n, 22);
        double singleError = RelativeError<float>(a, b, n, out ConjugateGradientResult single);
        double halfError = RelativeError<Half>(a, b, n, out ConjugateGradientResult half);
        Assert.True(singleError < 1e-6, $"fp32: error {singleError:E3}, {single}");
        Assert.True(halfError < 1e-2, $"fp16: error {halfError:E3}, {half}");
        Assert.Equal(ConjugateGradientStop.Breakdown, half.Stop);
    }

    [Fact]
    public void MismatchedLengthsAndBadOptionsAreRefused()
    {
        var solver = new ConjugateGradient<double>(3);
        Assert.Throws<ArgumentException>(() => solver.Solve(new DenseOperator<double>(new double[16], 4), new double[3], new double[3]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConjugateGradient<double>(3, new ConjugateGradientOptions { MaxIterations = 0 }));
        Assert.Contains("max_iterations = 0", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConjugateGradient<double>(3, new ConjugateGradientOptions { Tolerance = double.NaN }));
    }

    private static double RelativeError<T>(double[] a, double[] b, int n, out ConjugateGradientResult result)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var solver = new ConjugateGradient<T>(n, new ConjugateGradientOptions { MaxIterations = n, Tolerance = 1e-10 });
        T[] rhs = b.Select(T.CreateTruncating).ToArray();
        var x = new T[n];
        result = solver.Solve(new DenseOperator<T>(a, n), rhs, x);
        var exact = new double[n];
        new ConjugateGradient<double>(n, new ConjugateGradientOptions { MaxIterations = 4 * n, Tolerance = 1e-14 }).Solve(new DenseOperator<double>(a, n), b, exact);
        double[] difference = exact.Zip(x, (e, v) => e - double.CreateTruncating(v)).ToArray();
        return Norm(difference) / Norm(exact);
    }

    internal static double[] RandomVector(int n, int seed)
    {
        var random = new KernelRandom((ulong)seed + 1000);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (2 * random.NextDouble()) - 1;
        }

        return v;
    }

    private static double[] Multiply(double[] a, double[] x)
    {
        int n = x.Length;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                result[i] += a[(i * n) + j] * x[j];
            }
        }

        return result;
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
