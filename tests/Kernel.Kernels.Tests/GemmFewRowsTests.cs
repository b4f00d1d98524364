using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>
/// Products of at most four rows of C (a policy's forward pass on one observation) skip packing, and every element must
/// have the packed kernels' bits: compared with the packed AVX2 driver called directly, for either transpose, k over
/// several KC slices, padded strides, beta 0 over a NaN C, beta 1 and a general pair.
/// </summary>
public class GemmFewRowsTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach ((int m, int n, int k) in new[] { (1, 1024, 1024), (1, 17, 1024), (2, 37, 300), (4, 64, 17), (3, 9, 600), (1, 1, 1) })
        {
            foreach ((bool ta, bool tb) in new[] { (false, true), (false, false), (true, true), (true, false) })
            {
                data.Add(m, n, k, ta, tb);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void FewRowsEqualThePackedKernelBitwise(int m, int n, int k, bool transA, bool transB)
    {
        Skip.If(GemmKernelSelector.Best == GemmKernelKind.Scalar, "the few-row path matches the fused-multiply-add kernels, which this machine lacks");
        foreach ((double alpha, double beta) in new[] { (1.0, 0.0), (1.0, 1.0), (-0.75, 2.5) })
        {
            AssertEqualsPacked<float>(m, n, k, transA, transB, alpha, beta);
            AssertEqualsPacked<double>(m, n, k, transA, transB, alpha, beta);
        }
    }

    private static unsafe void AssertEqualsPacked<T>(int m, int n, int k, bool transA, bool transB, double alpha, double beta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int pad = 3;
        var rng = new Random((m * 7) + (n * 3) + k);
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        T[] a = GemmCheck.RandomArray<T>(rng, (transA ? k : m) * lda);
        T[] b = GemmCheck.RandomArray<T>(rng, (transB ? n : k) * ldb);
        T[] c0 = beta == 0 ? Enumerable.Repeat(T.NaN, m * ldc).ToArray() : GemmCheck.RandomArray<T>(rng, m * ldc);
        T[] fewRows = (T[])c0.Clone();
        T[] packed = (T[])c0.Clone();
        T alphaT = T.CreateTruncating(alpha);
        T betaT = T.CreateTruncating(beta);

        Gemm.Multiply(transA ? Transpose.Transposed : Transpose.None, transB ? Transpose.Transposed : Transpose.None, m, n, k, alphaT, a, lda, b, ldb, betaT, fewRows, ldc);
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = packed)
        {
            GemmDriver<T, T, GemmMicroKernel256<T>>.Run(transA, transB, m, n, k, alphaT, pa, lda, pb, ldb, betaT, pc, ldc);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(Bits(packed[(i * ldc) + j]), Bits(fewRows[(i * ldc) + j]));
                Assert.False(T.IsNaN(fewRows[(i * ldc) + j]));
            }
        }

        static long Bits(T value) => BitConverter.DoubleToInt64Bits(double.CreateTruncating(value));
    }
}
