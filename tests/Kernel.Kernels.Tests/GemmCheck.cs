using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>Runs one GEMM and compares it with a triple loop in double under a forward-error bound.</summary>
internal static class GemmCheck
{
    public static T[] RandomArray<T>(Random rng, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = new T[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = T.CreateTruncating((rng.NextDouble() * 2) - 1);
        }

        return x;
    }

    /// <summary>Unit roundoff-scale epsilon of <typeparamref name="T"/> (machine epsilon).</summary>
    public static double Epsilon<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    public static void Run<T>(
        Transpose ta,
        Transpose tb,
        int m,
        int n,
        int k,
        double alphaD,
        double betaD,
        int seed,
        GemmOptions options = default,
        bool nanC = false,
        int pad = 0,
        int threads = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        int aRows = ta == Transpose.None ? m : k;
        int aCols = ta == Transpose.None ? k : m;
        int bRows = tb == Transpose.None ? k : n;
        int bCols = tb == Transpose.None ? n : k;
        int lda = aCols + pad;
        int ldb = bCols + pad;
        int ldc = n + pad;
        T[] a = RandomArray<T>(rng, Math.Max(0, ((aRows - 1) * lda) + aCols));
        T[] b = RandomArray<T>(rng, Math.Max(0, ((bRows - 1) * ldb) + bCols));
        T[] c = RandomArray<T>(rng, Math.Max(0, ((m - 1) * ldc) + n));
        if (nanC)
        {
            Array.Fill(c, T.NaN);
        }

        T[] c0 = (T[])c.Clone();
        T alpha = T.CreateTruncating(alphaD);
        T beta = T.CreateTruncating(betaD);
        if (threads != 0)
        {
            options = options with { MaxThreads = threads };
        }

        if (pad == 0)
        {
            Gemm.Multiply(ta, tb, m, n, k, alpha, a, b, beta, c, options);
        }
        else
        {
            Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, options);
        }

        double eps = Epsilon<T>();
        double[] opA = new double[m * k];
        double[] opB = new double[k * n];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                opA[(i * k) + p] = double.CreateTruncating(ta == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i]);
            }
        }

        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                opB[(p * n) + j] = double.CreateTruncating(tb == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p]);
            }
        }

        // Large products check a sample of rows (the first and last tiles' worth and every 7th): enough to cover
        // every blocking edge while keeping the O(m n k) reference cheap.
        bool sample = (long)m * n * k > 2_000_000;
        double[] sum = new double[n];
        double[] abs = new double[n];
        for (int i = 0; i < m; i++)
        {
            if (sample && i >= 24 && i < m - 24 && i % 7 != 0)
            {
                continue;
            }

            Array.Clear(sum);
            Array.Clear(abs);
            if (alphaD != 0)
            {
                for (int p = 0; p < k; p++)
                {
                    double av = opA[(i * k) + p];
                    for (int j = 0; j < n; j++)
                    {
                        double prod = av * opB[(p * n) + j];
                        sum[j] += prod;
                        abs[j] += Math.Abs(prod);
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                double old = betaD == 0 ? 0 : double.CreateTruncating(c0[(i * ldc) + j]);
                double expected = (alphaD * sum[j]) + (betaD * old);
                double bound = ((Math.Abs(alphaD) * abs[j]) + Math.Abs(betaD * old)) * (k + 3) * eps;
                double actual = double.CreateTruncating(c[(i * ldc) + j]);
                if (!(Math.Abs(actual - expected) <= bound))
                {
                    Assert.Fail($"{typeof(T).Name} {ta}/{tb} {m}x{n}x{k} alpha={alphaD} beta={betaD} pad={pad} {options}: C[{i},{j}] = {actual}, expected {expected} (bound {bound}).");
                }
            }

            // Padding between rows of C is never touched.
            for (int j = n; j < ldc && (i * ldc) + j < c.Length; j++)
            {
                Assert.Equal(c0[(i * ldc) + j], c[(i * ldc) + j]);
            }
        }
    }
}
