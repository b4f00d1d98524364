using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>
/// After warm-up, GEMM allocates nothing on the managed heap, on one thread or with the worker pool. Run alone: when
/// another test's GEMM holds the worker pool, a call runs every stripe on its own thread, and that path's first use grows
/// the caller's thread-local pack buffers once (a warm-up this test's warm-up did not cover), which would be counted.
/// </summary>
[Collection(GemmAllocationTests.Alone)]
public class GemmAllocationTests
{
    /// <summary>A collection that runs with no other test in parallel.</summary>
    public const string Alone = "GEMM allocation, run alone";

    [Theory]
    [InlineData(64, 17, 64, 1)]
    [InlineData(64, 17, 64, 0)]
    [InlineData(256, 256, 256, 2)]
    [InlineData(256, 256, 256, 1)]
    public void SteadyStateCallsAllocateNothing(int m, int n, int k, int threads)
    {
        AssertNoAllocation<float>(m, n, k, new GemmOptions(MaxThreads: threads));
        AssertNoAllocation<double>(m, n, k, new GemmOptions(MaxThreads: threads));
        AssertNoAllocation<Half>(m, n, k, new GemmOptions(MaxThreads: threads));
        AssertNoAllocation<Half>(m, n, k, new GemmOptions(Accumulation.Strict, threads));
    }

    private static void AssertNoAllocation<T>(int m, int n, int k, GemmOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(1);
        T[] a = GemmCheck.RandomArray<T>(rng, m * k);
        T[] b = GemmCheck.RandomArray<T>(rng, k * n);
        T[] c = new T[m * n];
        T alpha = T.One;
        T beta = T.CreateTruncating(0.5);
        for (int i = 0; i < 3; i++)
        {
            Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, alpha, a, b, beta, c, options);
        }

        int calls = options.Accumulation == Accumulation.Strict && typeof(T) == typeof(Half) && m > 64 ? 1 : 5;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, alpha, a, b, beta, c, options);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }
}

/// <summary>Declares <see cref="GemmAllocationTests.Alone"/> as a collection no other test runs beside.</summary>
[CollectionDefinition(GemmAllocationTests.Alone, DisableParallelization = true)]
public sealed class GemmAllocationCollection;
