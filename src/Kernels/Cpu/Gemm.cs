using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// General matrix multiply on row-major spans: <c>C = alpha * op(A) * op(B) + beta * C</c>.
/// </summary>
/// <remarks>
/// <para>
/// fp32 and fp64 run a packed, cache-blocked GEMM with a register-blocked fused multiply-add micro-kernel
/// (12 x 2 Vector512 on AVX-512, 6 x 2 Vector256 on AVX2+FMA, a scalar tile elsewhere); on AVX-512, products up to
/// 64^3, and one-thread products whose op(B) fits in L1, skip packing A (GemmUnpacked), and products of at most four
/// rows of C read A and B in place (GemmFewRows), with the same per-element
/// arithmetic. fp16 (<see cref="Half"/>)
/// with <see cref="Accumulation.Widened"/> packs its operands as fp32, runs the fp32 kernel, accumulates in fp32 and
/// rounds once to fp16 per output element; <see cref="Accumulation.Strict"/> rounds the running sum to fp16 after
/// every multiply-add (a scalar loop showing the worst case). Other element types use a plain scalar loop.
/// </para>
/// <para>
/// BLAS conventions: beta == 0 means C is only written (NaN or garbage in C is overwritten); alpha == 0 or k == 0
/// skips the product (C = beta * C, without reading A or B). Each element of C is accumulated in increasing k by
/// fused multiply-adds in the same order whatever the thread count, so single- and multi-threaded results are
/// bitwise equal.
/// </para>
/// <para>
/// Threads: <see cref="GemmOptions.MaxThreads"/> 0 keeps products under 2 x <see cref="AutoThreadFlops"/> FLOPs on
/// the caller's thread and splits larger ones over the cores using a persistent worker pool. After warm-up a call
/// allocates nothing on the managed heap (packing buffers are per thread and grow once).
/// </para>
/// <para>
/// Thread-safety: <c>Multiply</c> may be called from several threads at once on distinct C. If one call is using the
/// worker pool, a concurrent call runs on its own thread. C must not overlap A or B.
/// </para>
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Work (2 m n k floating-point operations) per thread for automatic threading (MaxThreads 0): a call uses
    /// floor(2 m n k / AutoThreadFlops) threads, at least 1 and at most the cores. So a second thread starts at
    /// 32 MFLOP (256^3; about 170 us on one core), where even a sleeping worker (an OS wake-up costs 50-200 us on a VM)
    /// pays off; RL-sized products such as 64x17x64 or 2048x64x64 (17 MFLOP) stay on the caller's thread.
    /// Measured on AMD EPYC (Zen 5, 2 cores): with an awake worker 2048x64x64 runs 126 us on one thread, 67 us on two.
    /// </summary>
    internal const long AutoThreadFlops = 16_000_000;

    /// <summary>Stripes of C per thread in a parallel call (dynamic load balance against late or preempted workers).</summary>
    private const int StripesPerThread = 4;

    /// <summary>Preferred smallest stripe (rows or columns of C) when there are enough to go round.</summary>
    private const int MinStripe = 256;

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C, row-major. op(A) is m x k, op(B) is k x n, C is m x n.
    /// </summary>
    /// <typeparam name="T">Element type: float, double or Half run the optimised paths.</typeparam>
    /// <param name="transposeA">
    /// <see cref="Transpose.None"/>: A is stored m x k with row stride <paramref name="lda"/> &gt;= k.
    /// <see cref="Transpose.Transposed"/>: A is stored k x m with row stride <paramref name="lda"/> &gt;= m.
    /// </param>
    /// <param name="transposeB">
    /// <see cref="Transpose.None"/>: B is stored k x n with row stride <paramref name="ldb"/> &gt;= n.
    /// <see cref="Transpose.Transposed"/>: B is stored n x k with row stride <paramref name="ldb"/> &gt;= k.
    /// </param>
    /// <param name="m">Rows of op(A) and C (&gt;= 0).</param>
    /// <param name="n">Columns of op(B) and C (&gt;= 0).</param>
    /// <param name="k">Columns of op(A), rows of op(B) (&gt;= 0).</param>
    /// <param name="alpha">Scale of the product; 0 skips it.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of stored A.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of stored B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">Storage of C (m x n, row stride <paramref name="ldc"/> &gt;= n); updated in place.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="options">Accumulation for fp16 and the thread limit.</param>
    /// <exception cref="ArgumentException">
    /// A dimension is negative, a leading dimension is smaller than its matrix's row length, a span is too short, or
    /// <see cref="GemmOptions.MaxThreads"/> is negative.
    /// </exception>
    public static unsafe void Multiply<T>(
        Transpose transposeA,
        Transpose transposeB,
        int m,
        int n,
        int k,
        T alpha,
        ReadOnlySpan<T> a,
        int lda,
        ReadOnlySpan<T> b,
        int ldb,
        T beta,
        Span<T> c,
        int ldc,
        GemmOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool transA = transposeA == Transpose.Transposed;
        bool transB = transposeB == Transpose.Transposed;
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, options);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == T.Zero)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && GemmUnpacked<T>.Applies(m, n, k, ChooseThreads(m, n, k, options.MaxThreads), GemmKernelSelector.Current))
            {
                GemmUnpacked<T>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
            else if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && GemmFewRows<T>.Applies(m, GemmKernelSelector.Current))
            {
                GemmFewRows<T>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
            else if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                var job = new GemmJob
                {
                    Element = typeof(T) == typeof(float) ? GemmElement.Single : GemmElement.Double,
                    TransA = transA,
                    TransB = transB,
                    M = m,
                    N = n,
                    K = k,
                    Alpha = double.CreateTruncating(alpha),
                    Beta = double.CreateTruncating(beta),
                    A = (nint)pa,
                    Lda = lda,
                    B = (nint)pb,
                    Ldb = ldb,
                    C = (nint)pc,
                    Ldc = ldc,
                };
                Execute(ref job, options.MaxThreads);
            }
            else if (typeof(T) == typeof(Half))
            {
                if (options.Accumulation == Accumulation.Strict)
                {
                    GemmHalf.Strict(transA, transB, m, n, k, (float)Unsafe.As<T, Half>(ref alpha), (Half*)pa, lda, (Half*)pb, ldb, (float)Unsafe.As<T, Half>(ref beta), (Half*)pc, ldc);
                }
                else
                {
                    float* wide = GemmWorkspace.Get<float>(GemmBuffer.WideC, (long)m * n);
                    var job = new GemmJob
                    {
                        Element = GemmElement.HalfAsSingle,
                        TransA = transA,
                        TransB = transB,
                        M = m,
                        N = n,
                        K = k,
                        Alpha = 1.0,
                        Beta = 0.0,
                        A = (nint)pa,
                        Lda = lda,
                        B = (nint)pb,
                        Ldb = ldb,
                        C = (nint)wide,
                        Ldc = n,
                    };
                    Execute(ref job, options.MaxThreads);
                    GemmHalf.MergeWidened(m, n, (float)Unsafe.As<T, Half>(ref alpha), wide, (float)Unsafe.As<T, Half>(ref beta), (Half*)pc, ldc);
                }
            }
            else
            {
                GemmScalar.Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        }
    }

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C with tight leading dimensions: lda = (transposeA == None ? k : m),
    /// ldb = (transposeB == None ? n : k), ldc = n.
    /// </summary>
    /// <typeparam name="T">Element type: float, double or Half run the optimised paths.</typeparam>
    /// <param name="transposeA">Whether A is stored m x k (None) or k x m (Transposed).</param>
    /// <param name="transposeB">Whether B is stored k x n (None) or n x k (Transposed).</param>
    /// <param name="m">Rows of op(A) and C (&gt;= 0).</param>
    /// <param name="n">Columns of op(B) and C (&gt;= 0).</param>
    /// <param name="k">Columns of op(A), rows of op(B) (&gt;= 0).</param>
    /// <param name="alpha">Scale of the product; 0 skips it.</param>
    /// <param name="a">Storage of A, tightly packed.</param>
    /// <param name="b">Storage of B, tightly packed.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">Storage of C (m x n, tightly packed); updated in place.</param>
    /// <param name="options">Accumulation for fp16 and the thread limit.</param>
    /// <exception cref="ArgumentException">A dimension is negative or a span is too short.</exception>
    public static void Multiply<T>(
        Transpose transposeA,
        Transpose transposeB,
        int m,
        int n,
        int k,
        T alpha,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        T beta,
        Span<T> c,
        GemmOptions options = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lda = transposeA == Transpose.None ? k : m;
        int ldb = transposeB == Transpose.None ? n : k;
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, n, options);
    }

    /// <summary>Chooses the kernel and the split, then runs the job on the caller or the worker pool.</summary>
    private static void Execute(ref GemmJob job, int maxThreads)
    {
        job.Kernel = GemmKernelSelector.Current;
        int mr;
        int nr;
        int width = job.Element == GemmElement.Double ? 8 : 4;
        switch (job.Kernel)
        {
            case GemmKernelKind.Vector512:
                mr = 12;
                nr = 2 * 64 / width;
                break;
            case GemmKernelKind.Vector256:
                mr = 6;
                nr = 2 * 32 / width;
                break;
            default:
                mr = 4;
                nr = 4;
                break;
        }

        int threads = ChooseThreads(job.M, job.N, job.K, maxThreads);
        job.SplitRows = job.M >= job.N;
        int dim = job.SplitRows ? job.M : job.N;
        int unit = job.SplitRows ? mr : nr;
        int tiles = (int)(((long)dim + unit - 1) / unit);
        if (threads > 1 && tiles > 1)
        {
            // More stripes than threads so a late worker costs nothing: the caller takes its stripes.
            // Stripes of at least MinStripe rows/columns keep the repacking of the shared operand cheap.
            int stripes = Math.Min(tiles, Math.Min(threads * StripesPerThread, Math.Max(threads, dim / MinStripe)));
            job.Step = (int)Math.Min(int.MaxValue, (long)((tiles + stripes - 1) / stripes) * unit);
            job.Parts = (int)(((long)dim + job.Step - 1) / job.Step);
            job.ReserveWorkspace();
            if (GemmThreadPool.TryRun(job, threads))
            {
                return;
            }
        }

        job.Parts = 1;
        job.Step = dim;
        job.RunPart(0);
    }

    private static int ChooseThreads(int m, int n, int k, int maxThreads)
    {
        int cores = GemmThreadPool.MaxThreads;
        if (maxThreads == 1 || cores == 1)
        {
            return 1;
        }

        if (maxThreads > 1)
        {
            return Math.Min(maxThreads, cores);
        }

        double flops = 2.0 * m * n * k;
        return (int)Math.Clamp(flops / AutoThreadFlops, 1, cores);
    }

    /// <summary>C = beta * C; beta == 0 writes zeros without reading C.</summary>
    private static void ScaleC<T>(int m, int n, T beta, Span<T> c, int ldc)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else if (beta != T.One)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = beta * row[j];
                }
            }
        }
    }

    private static void Validate(
        Transpose transposeA, Transpose transposeB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc, GemmOptions options)
    {
        CheckDimension(m, nameof(m));
        CheckDimension(n, nameof(n));
        CheckDimension(k, nameof(k));
        CheckTranspose(transposeA, nameof(transposeA));
        CheckTranspose(transposeB, nameof(transposeB));
        if (options.MaxThreads < 0)
        {
            throw new ArgumentException(
                $"options.MaxThreads is {options.MaxThreads}; it must be 0 (decide by work size) or a positive thread count.", nameof(options));
        }

        bool transA = transposeA == Transpose.Transposed;
        bool transB = transposeB == Transpose.Transposed;
        CheckOperand("a", "lda", transA ? "k x m (transposeA = Transposed)" : "m x k (transposeA = None)", transA ? k : m, transA ? m : k, aLength, lda);
        CheckOperand("b", "ldb", transB ? "n x k (transposeB = Transposed)" : "k x n (transposeB = None)", transB ? n : k, transB ? k : n, bLength, ldb);
        CheckOperand("c", "ldc", "m x n", m, n, cLength, ldc);
    }

    private static void CheckDimension(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentException($"{name} is {value}; matrix dimensions must be >= 0.", name);
        }
    }

    private static void CheckTranspose(Transpose value, string name)
    {
        if (value is not Transpose.None and not Transpose.Transposed)
        {
            throw new ArgumentException($"{name} is {(int)value}; allowed values are Transpose.None and Transpose.Transposed.", name);
        }
    }

    private static void CheckOperand(string span, string ldName, string shape, int rows, int cols, int length, int ld)
    {
        if (ld < cols || ld < 0)
        {
            throw new ArgumentException(
                $"{ldName} is {ld}; {span} is stored {shape} = {rows} x {cols}, so {ldName} must be >= {cols}.", ldName);
        }

        long required = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < required)
        {
            throw new ArgumentException(
                $"{span} has length {length}; {span} is stored {shape} = {rows} x {cols} with row stride {ld}, so it needs at least {required} elements.", span);
        }
    }
}
