using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// The kernels with CUDA's group sizes (256-thread reductions, 16 x 16 GEMM tiles) on an ILGPU CPU accelerator that
/// simulates them. The other tests run the default simulated device (16-thread groups, 4 x 4 tiles) because every
/// launch meets all simulated threads at each barrier; this one checks the wide configuration once: the GEMM must stay
/// bitwise equal to the CPU (the tile edge only stages k), the tree sum within its order bound, the scans exact.
/// </summary>
public sealed class WideGroupTests
{
    [Fact]
    public void CudaSizedGroupsGiveTheCpuResults()
    {
        using GpuDevice device = GpuDevice.OpenSimulatedCpu(threadsPerWarp: 16, warpsPerMultiprocessor: 16);
        Assert.Equal(256, device.GroupSize);
        Assert.Equal(16, device.GemmTile);

        (int m, int n, int k) = (19, 37, 300);
        float[] a = Precision.Uniform<float>(m * k, -1, 1, 1);
        float[] b = Precision.Uniform<float>(k * n, -1, 1, 2);
        var expected = new float[m * n];
        Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 1f, a, Transposed(b, k, n), 0f, expected, new GemmOptions(Accumulation.Widened, MaxThreads: 1));
        using var ga = Precision.Upload<float, float>(device, a);
        using var gb = Precision.Upload<float, float>(device, Transposed(b, k, n));
        using var gc = device.Allocate<float>(m * n);
        device.Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 1f, ga.Flat(), gb.Flat(), 0f, gc.Flat());
        ElementwiseTests.AssertClose(expected, Precision.Download<float, float>(gc.Flat()), 0, "gemm with 16 x 16 tiles");

        double[] x = Precision.Uniform<double>(1001, -3, 3, 3);
        x[700] = double.NaN;
        using var gx = Precision.Upload<double, double>(device, x);
        Assert.Equal(Scan.IndexOfNonFinite<double>(x), device.Scan.IndexOfNonFinite(gx.Flat()));
        Assert.Equal(Scan.Summarize<double>(x), device.Scan.Summarize(gx.Flat()));

        x[700] = 1.5;
        using var finite = Precision.Upload<double, double>(device, x);
        using var sum = device.Allocate<double>(1);
        device.Reductions.Sum(finite.Flat(), sum.Flat());
        double bound = 2 * Precision.Gamma<double>(x.Length) * x.Sum(Math.Abs);
        Assert.InRange(Precision.Download<double, double>(sum.Flat())[0] - Reductions.Sum<double>(x, Accumulation.Widened), -bound, bound);
    }

    private static float[] Transposed(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
