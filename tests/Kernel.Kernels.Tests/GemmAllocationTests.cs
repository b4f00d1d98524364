using System.Numerics;
using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>
/// After one call of a shape, GEMM allocates nothing on the calling thread's managed heap, on one thread or with the
/// worker pool, whichever stripes the scheduler gave the caller. Run alone so the pool's timing is the only variable.
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

    /// <summary>
    /// The caller of a parallel job reserves its buffers for the whole job, so a later call that runs alone (as it does
    /// when another thread holds the pool) needs nothing more. Before that, a caller that had only run stripes grew its
    /// buffers on the first call that ran the whole job, at a time set by the scheduler.
    /// </summary>
    [Theory]
    [InlineData(256, 256, 256)]
    [InlineData(64, 512, 256)]
    public void AfterOneParallelCallTheSameShapeAloneAllocatesNothing(int m, int n, int k)
    {
        AssertNoAllocation<float>(m, n, k, new GemmOptions(MaxThreads: 2), new GemmOptions(MaxThreads: 1), warmUps: 1);
        AssertNoAllocation<double>(m, n, k, new GemmOptions(MaxThreads: 2), new GemmOptions(MaxThreads: 1), warmUps: 1);
    }

    private static void AssertNoAllocation<T>(int m, int n, int k, GemmOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => AssertNoAllocation<T>(m, n, k, options, options, warmUps: 3);

    private static void AssertNoAllocation<T>(int m, int n, int k, GemmOptions warmUp, GemmOptions options, int warmUps)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(1);
        T[] a = GemmCheck.RandomArray<T>(rng, m * k);
        T[] b = GemmCheck.RandomArray<T>(rng, k * n);
        T[] c = new T[m * n];
        T alpha = T.One;
        T beta = T.CreateTruncating(0.5);
        for (int i = 0; i < warmUps; i++)
        {
            Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, alpha, a, b, beta, c, warmUp);
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
