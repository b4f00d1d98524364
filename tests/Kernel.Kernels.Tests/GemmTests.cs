using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>GEMM against a double-precision triple loop, over shapes, transposes, scalars, strides and kernels.</summary>
public class GemmTests
{
    public static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 7, 3), (7, 1, 9), (8, 8, 8), (9, 9, 9), (64, 17, 64), (17, 64, 17), (65, 33, 129), (300, 300, 300),
    ];

    public static readonly Transpose[][] Transposes =
    [
        [Transpose.None, Transpose.None], [Transpose.None, Transpose.Transposed],
        [Transpose.Transposed, Transpose.None], [Transpose.Transposed, Transpose.Transposed],
    ];

    public static IEnumerable<object[]> ShapeCases() =>
        from s in Shapes from t in Transposes select new object[] { s.M, s.N, s.K, t[0], t[1] };

    /// <summary>Like <see cref="ShapeCases"/>, but 300^3 only untransposed and both-transposed (slow paths in Debug).</summary>
    public static IEnumerable<object[]> ShapeCasesLight() =>
        ShapeCases().Where(c => (int)c[0] != 300 || (Transpose)c[3] == (Transpose)c[4]);

    public static IEnumerable<object[]> ScalarCases() =>
        from alpha in new[] { 0.0, 1.0, -0.5, 2.5 } from beta in new[] { 0.0, 1.0, -0.5, 2.5 } select new object[] { alpha, beta };

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void FloatMatchesReference(int m, int n, int k, Transpose ta, Transpose tb) =>
        GemmCheck.Run<float>(ta, tb, m, n, k, 1.5, -0.5, seed: m + n + k);

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void DoubleMatchesReference(int m, int n, int k, Transpose ta, Transpose tb) =>
        GemmCheck.Run<double>(ta, tb, m, n, k, 1.5, -0.5, seed: m + n + k);

    [Theory]
    [MemberData(nameof(ShapeCasesLight))]
    public void HalfWidenedMatchesReference(int m, int n, int k, Transpose ta, Transpose tb) =>
        GemmCheck.Run<Half>(ta, tb, m, n, k, 1.5, -0.5, seed: m + n + k);

    [Theory]
    [MemberData(nameof(ShapeCasesLight))]
    public void HalfStrictMatchesReference(int m, int n, int k, Transpose ta, Transpose tb) =>
        GemmCheck.Run<Half>(ta, tb, m, n, k, 1.5, -0.5, seed: m + n + k, new GemmOptions(Accumulation.Strict));

    [Theory]
    [InlineData(Transpose.None, Transpose.None)]
    [InlineData(Transpose.Transposed, Transpose.Transposed)]
    public void FloatTallSkinny(Transpose ta, Transpose tb) => GemmCheck.Run<float>(ta, tb, 2048, 64, 64, 1, 0, seed: 5);

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void AlphaBetaCombinations(double alpha, double beta)
    {
        GemmCheck.Run<float>(Transpose.None, Transpose.None, 65, 33, 129, alpha, beta, seed: 1);
        GemmCheck.Run<double>(Transpose.Transposed, Transpose.None, 65, 33, 129, alpha, beta, seed: 2);
        GemmCheck.Run<Half>(Transpose.None, Transpose.Transposed, 17, 64, 17, alpha, beta, seed: 3);
        GemmCheck.Run<Half>(Transpose.None, Transpose.None, 17, 64, 17, alpha, beta, seed: 4, new GemmOptions(Accumulation.Strict));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void BetaZeroOverwritesNaN(double alpha)
    {
        GemmCheck.Run<float>(Transpose.None, Transpose.None, 65, 33, 129, alpha, 0, seed: 7, nanC: true);
        GemmCheck.Run<double>(Transpose.None, Transpose.Transposed, 9, 9, 9, alpha, 0, seed: 8, nanC: true);
        GemmCheck.Run<Half>(Transpose.Transposed, Transpose.None, 17, 64, 17, alpha, 0, seed: 9, nanC: true);
        GemmCheck.Run<Half>(Transpose.None, Transpose.None, 7, 1, 9, alpha, 0, seed: 10, new GemmOptions(Accumulation.Strict), nanC: true);
    }

    [Theory]
    [MemberData(nameof(ShapeCasesLight))]
    public void LeadingDimensionsLargerThanTight(int m, int n, int k, Transpose ta, Transpose tb)
    {
        if (m * n * k > 1_000_000)
        {
            m = 37;
        }

        GemmCheck.Run<float>(ta, tb, m, n, k, 2.5, 1, seed: 11, pad: 3);
        GemmCheck.Run<double>(ta, tb, m, n, k, -0.5, 2.5, seed: 12, pad: 5);
        GemmCheck.Run<Half>(ta, tb, m, n, k, 1, -0.5, seed: 13, pad: 1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void KZeroScalesC(double beta)
    {
        GemmCheck.Run<float>(Transpose.None, Transpose.None, 5, 6, 0, 1, beta, seed: 14, nanC: beta == 0);
        GemmCheck.Run<double>(Transpose.Transposed, Transpose.Transposed, 5, 6, 0, 1, beta, seed: 15, nanC: beta == 0);
        GemmCheck.Run<Half>(Transpose.None, Transpose.None, 5, 6, 0, 1, beta, seed: 16, nanC: beta == 0);
    }

    [Fact]
    public void WideOutputCrossesColumnPanels()
    {
        // n above the packed-B panel width (NC) exercises the outer column-panel loop.
        GemmCheck.Run<float>(Transpose.None, Transpose.None, 3, GemmBlocking.NC + 77, 5, 1, 0.5, seed: 22);
        GemmCheck.Run<double>(Transpose.Transposed, Transpose.Transposed, 13, GemmBlocking.NC + 3, 260, -0.5, 0, seed: 23, pad: 2);
    }

    [Fact]
    public void EmptyOutputDoesNothing()
    {
        Gemm.Multiply<float>(Transpose.None, Transpose.None, 0, 5, 3, 1f, [], new float[15], 0f, []);
        Gemm.Multiply<float>(Transpose.None, Transpose.None, 4, 0, 3, 1f, new float[12], [], 0f, []);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryAcceleratedKernelMatchesReference(int kernel)
    {
        var kind = (GemmKernelKind)kernel;
        Skip.If(kind > GemmKernelSelector.Best, $"this CPU cannot run the {kind} GEMM kernel (its best is {GemmKernelSelector.Best})");

        GemmKernelSelector.Override = kind;
        try
        {
            foreach (var (m, n, k) in Shapes)
            {
                if (m == 300)
                {
                    continue;
                }

                foreach (var t in Transposes)
                {
                    GemmCheck.Run<float>(t[0], t[1], m, n, k, 1.5, -0.5, seed: 17);
                    GemmCheck.Run<double>(t[0], t[1], m, n, k, -0.5, 2.5, seed: 18);
                }
            }

            GemmCheck.Run<float>(Transpose.None, Transpose.None, 300, 300, 300, 1, 0, seed: 19, pad: 2);
            GemmCheck.Run<double>(Transpose.Transposed, Transpose.None, 300, 300, 300, 1, 1, seed: 20);
            GemmCheck.Run<Half>(Transpose.None, Transpose.Transposed, 65, 33, 129, 1, 1, seed: 21);
        }
        finally
        {
            GemmKernelSelector.Override = null;
        }
    }

    [Theory]
    [MemberData(nameof(ThreadCases))]
    public void TwoThreadsEqualOneThreadBitwise(int m, int n, int k, Transpose ta, Transpose tb)
    {
        AssertThreadsEqual<float>(m, n, k, ta, tb);
        AssertThreadsEqual<double>(m, n, k, ta, tb);
        AssertThreadsEqual<Half>(m, n, k, ta, tb);
    }

    public static IEnumerable<object[]> ThreadCases() =>
        (from s in new[] { (37, 300, 300), (600, 40, 70) }
         from t in Transposes
         select new object[] { s.Item1, s.Item2, s.Item3, t[0], t[1] })
        .Append([300, 300, 300, Transpose.None, Transpose.None])
        .Append([300, 300, 300, Transpose.Transposed, Transpose.Transposed]);

    public static IEnumerable<object[]> UnpackedCases() =>
        from s in new[] { (1, 1, 1), (6, 64, 64), (64, 17, 64), (64, 64, 6), (64, 64, 64), (9, 33, 17), (13, 40, 256), (8, 32, 5), (300, 64, 64), (1001, 17, 100) }
        from t in Transposes
        from pad in Paddings
        select new object[] { s.Item1, s.Item2, s.Item3, t[0], t[1], pad };

    /// <summary>Extra leading-dimension elements: tight rows and rows with a gap.</summary>
    private static readonly int[] Paddings = [0, 3];

    /// <summary>
    /// Small products, and tall ones with a small op(B), skip packing A on AVX-512 machines; every element must have the packed kernels' bits (compared with
    /// the packed AVX2 kernel, whose per-element arithmetic is the same), for beta 0 over NaN, beta 1 and a general pair.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(UnpackedCases))]
    public void SmallProductsWithoutPackingEqualThePackedKernelBitwise(int m, int n, int k, Transpose ta, Transpose tb, int pad)
    {
        Skip.If(GemmKernelSelector.Best != GemmKernelKind.Vector512, "the unpacked path runs on AVX-512 machines only");
        foreach (var (alpha, beta) in new[] { (1.0, 0.0), (1.0, 1.0), (-0.75, 2.5) })
        {
            AssertUnpackedEqualsPacked<float>(m, n, k, ta, tb, pad, alpha, beta);
            AssertUnpackedEqualsPacked<double>(m, n, k, ta, tb, pad, alpha, beta);
        }
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        Exception? error = null;
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            try
            {
                for (int r = 0; r < 3; r++)
                {
                    GemmCheck.Run<float>(Transpose.None, Transpose.None, 300, 300, 300, 1, 0.5, seed: 30 + i, threads: 2);
                    GemmCheck.Run<double>(Transpose.None, Transpose.Transposed, 64, 17, 64, 1, 0.5, seed: 40 + i);
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.UnsafeStart();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.Null(error);
    }

    private static void AssertUnpackedEqualsPacked<T>(int m, int n, int k, Transpose ta, Transpose tb, int pad, double alpha, double beta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random((m * 7) + (n * 3) + k + pad);
        int lda = (ta == Transpose.None ? k : m) + pad;
        int ldb = (tb == Transpose.None ? n : k) + pad;
        int ldc = n + pad;
        T[] a = GemmCheck.RandomArray<T>(rng, ((ta == Transpose.None ? m : k) - 1) * lda + (lda - pad));
        T[] b = GemmCheck.RandomArray<T>(rng, ((tb == Transpose.None ? k : n) - 1) * ldb + (ldb - pad));
        T[] c0 = beta == 0 ? Enumerable.Repeat(T.NaN, ((m - 1) * ldc) + n).ToArray() : GemmCheck.RandomArray<T>(rng, ((m - 1) * ldc) + n);
        T[] unpacked = (T[])c0.Clone();
        T[] packed = (T[])c0.Clone();
        T alphaT = T.CreateTruncating(alpha);
        T betaT = T.CreateTruncating(beta);

        Gemm.Multiply(ta, tb, m, n, k, alphaT, a, lda, b, ldb, betaT, unpacked, ldc);
        GemmKernelSelector.Override = GemmKernelKind.Vector256;
        try
        {
            Gemm.Multiply(ta, tb, m, n, k, alphaT, a, lda, b, ldb, betaT, packed, ldc);
        }
        finally
        {
            GemmKernelSelector.Override = null;
        }

        Assert.Equal(packed.Select(Bits), unpacked.Select(Bits));
        Assert.DoesNotContain(Enumerable.Range(0, m * n).Select(e => unpacked[((e / n) * ldc) + (e % n)]), T.IsNaN);

        static long Bits(T value) => BitConverter.DoubleToInt64Bits(double.CreateTruncating(value));
    }

    private static void AssertThreadsEqual<T>(int m, int n, int k, Transpose ta, Transpose tb)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(m * 7 + n);
        T[] a = GemmCheck.RandomArray<T>(rng, m * k);
        T[] b = GemmCheck.RandomArray<T>(rng, k * n);
        T[] c1 = GemmCheck.RandomArray<T>(rng, m * n);
        T[] c2 = (T[])c1.Clone();
        T alpha = T.CreateTruncating(1.5);
        T beta = T.CreateTruncating(-0.5);
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, b, beta, c1, new GemmOptions(MaxThreads: 1));
        Gemm.Multiply(ta, tb, m, n, k, alpha, b: b, a: a, beta: beta, c: c2, options: new GemmOptions(MaxThreads: 2));
        Assert.Equal(c1, c2);
    }
}
