using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>
/// The widened fp16 GEMM's last step, vectorised, keeps the scalar definition's roundings bit for bit: alpha * w rounded
/// to fp32 then to fp16 (beta 0, C not read), or one fused alpha * w + (beta * c rounded to fp32), then to fp16. Rows
/// longer than the merge's 256-element chunk and a padded C (ldc &gt; n) are included.
/// </summary>
public class GemmHalfMergeTests
{
    [Theory]
    [InlineData(3, 5, 1.5f, 0f)]
    [InlineData(3, 5, 1.5f, -0.5f)]
    [InlineData(2, 600, -0.75f, 0f)]
    [InlineData(2, 600, 1f, 2.5f)]
    public unsafe void MergeWidenedRoundsAsTheScalarDefinition(int m, int n, float alpha, float beta)
    {
        const int pad = 3;
        int ldc = n + pad;
        var random = new Random(m * n);
        float[] wide = new float[m * n];
        Half[] c = new Half[m * ldc];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = (float)((random.NextDouble() * 40) - 20);
        }

        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (Half)((random.NextDouble() * 8) - 4);
        }

        Half[] before = (Half[])c.Clone();
        fixed (float* w = wide)
        fixed (Half* pc = c)
        {
            GemmHalf.MergeWidened(m, n, alpha, w, beta, pc, ldc);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                Half old = before[(i * ldc) + j];
                Half expected = j >= n ? old
                    : beta == 0f ? (Half)(wide[(i * n) + j] * alpha)
                    : (Half)MathF.FusedMultiplyAdd(wide[(i * n) + j], alpha, beta * (float)old);
                Assert.Equal(BitConverter.HalfToUInt16Bits(expected), BitConverter.HalfToUInt16Bits(c[(i * ldc) + j]));
            }
        }
    }
}
