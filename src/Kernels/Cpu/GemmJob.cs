using System.Numerics;

namespace Kernel.Kernels.Cpu;

/// <summary>Element types of one GEMM job: stored A/B type and compute/C type.</summary>
internal enum GemmElement
{
    /// <summary>float operands, float C.</summary>
    Single = 0,

    /// <summary>double operands, double C.</summary>
    Double = 1,

    /// <summary>Half operands packed as float, float (widened) C.</summary>
    HalfAsSingle = 2,
}

/// <summary>
/// One validated GEMM over pinned memory, split into <see cref="Parts"/> disjoint row or column stripes of C that
/// can run on different threads. A plain struct (no delegates, no boxing) so handing it to the worker pool allocates
/// nothing. Each stripe does the same per-element arithmetic as the whole, so results do not depend on the split.
/// </summary>
internal unsafe struct GemmJob
{
    public GemmElement Element;
    public GemmKernelKind Kernel;
    public bool TransA;
    public bool TransB;
    public int M;
    public int N;
    public int K;
    public double Alpha;
    public double Beta;
    public nint A;
    public nint Lda;
    public nint B;
    public nint Ldb;
    public nint C;
    public nint Ldc;

    /// <summary>True to split C into row stripes, false for column stripes.</summary>
    public bool SplitRows;

    /// <summary>Number of stripes.</summary>
    public int Parts;

    /// <summary>Rows or columns per stripe (a multiple of the micro-tile).</summary>
    public int Step;

    /// <summary>Runs stripe <paramref name="part"/> on the calling thread.</summary>
    public readonly void RunPart(int part)
    {
        int dim = SplitRows ? M : N;
        int start = part * Step;
        if (start >= dim)
        {
            return;
        }

        int length = Math.Min(Step, dim - start);
        switch (Element)
        {
            case GemmElement.Single:
                Run<float, float>(start, length);
                break;
            case GemmElement.Double:
                Run<double, double>(start, length);
                break;
            case GemmElement.HalfAsSingle:
                Run<Half, float>(start, length);
                break;
            default:
                throw new InvalidOperationException($"Unknown GEMM element kind {Element}.");
        }
    }

    /// <summary>
    /// Grows the calling thread's packing buffers to what the whole job needs on one thread, which covers every stripe.
    /// The caller of a parallel job does this before publishing it, so whether the caller allocates does not depend on
    /// which stripes the scheduler gives it, nor on whether it finds the pool busy and runs the job alone: after one call
    /// of a shape, later calls of that shape allocate nothing on the calling thread.
    /// </summary>
    public readonly void ReserveWorkspace()
    {
        if (Element == GemmElement.Double)
        {
            Reserve<double>();
        }
        else
        {
            // Half operands are packed as float, so both float kinds use float buffers.
            Reserve<float>();
        }
    }

    private readonly void Reserve<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (Kernel)
        {
            case GemmKernelKind.Vector512:
                GemmDriver<T, T, GemmMicroKernel512<T>>.Reserve(M, N, K, out _, out _);
                break;
            case GemmKernelKind.Vector256:
                GemmDriver<T, T, GemmMicroKernel256<T>>.Reserve(M, N, K, out _, out _);
                break;
            default:
                GemmDriver<T, T, GemmMicroKernelScalar<T>>.Reserve(M, N, K, out _, out _);
                break;
        }
    }

    private readonly void Run<TIn, T>(int start, int length)
        where TIn : unmanaged
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TIn* a = (TIn*)A;
        TIn* b = (TIn*)B;
        T* c = (T*)C;
        int m = M;
        int n = N;
        if (SplitRows)
        {
            a += TransA ? start : start * Lda;
            c += start * Ldc;
            m = length;
        }
        else
        {
            b += TransB ? start * Ldb : start;
            c += start;
            n = length;
        }

        T alpha = T.CreateTruncating(Alpha);
        T beta = T.CreateTruncating(Beta);
        switch (Kernel)
        {
            case GemmKernelKind.Vector512:
                GemmDriver<TIn, T, GemmMicroKernel512<T>>.Run(TransA, TransB, m, n, K, alpha, a, Lda, b, Ldb, beta, c, Ldc);
                break;
            case GemmKernelKind.Vector256:
                GemmDriver<TIn, T, GemmMicroKernel256<T>>.Run(TransA, TransB, m, n, K, alpha, a, Lda, b, Ldb, beta, c, Ldc);
                break;
            default:
                GemmDriver<TIn, T, GemmMicroKernelScalar<T>>.Run(TransA, TransB, m, n, K, alpha, a, Lda, b, Ldb, beta, c, Ldc);
                break;
        }
    }
}
