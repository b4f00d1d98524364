using ILGPU;
using ILGPU.Runtime;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// C = alpha op(A) op(B) + beta C on device views, row-major, with the contract of <c>Kernel.Kernels.Cpu.Gemm</c>:
/// BLAS conventions (beta 0 does not read C; k 0 or alpha 0 gives C = beta C without reading A or B), fp16 widened
/// (fp32 accumulation, one rounding per element) or strict (fp16 rounding after every multiply-add). Each element
/// accumulates by FMAs in increasing k with the CPU GEMM's blocking, so results are bitwise equal to the CPU's.
/// A shared-memory tile per group (16 x 16 on CUDA, 4 x 4 on the ILGPU CPU accelerator); odd sizes are padded inside
/// the kernel and never multiplied in.
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time). C must not overlap A or B.
/// </summary>
public sealed class GpuGemm
{
    private readonly GpuDevice device;

    internal GpuGemm(GpuDevice device) => this.device = device;

    /// <summary>C = alpha op(A) op(B) + beta C with tight leading dimensions (lda = k or m, ldb = n or k, ldc = n).</summary>
    /// <param name="transposeA">None: A is m x k. Transposed: A is stored k x m.</param>
    /// <param name="transposeB">None: B is k x n. Transposed: B is stored n x k.</param>
    /// <param name="m">Rows of op(A) and C (&gt;= 0).</param>
    /// <param name="n">Columns of op(B) and C (&gt;= 0).</param>
    /// <param name="k">Columns of op(A), rows of op(B) (&gt;= 0).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">Storage of C, updated in place.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    public void Multiply<T>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k, T alpha, ArrayView<T> a, ArrayView<T> b, T beta, ArrayView<T> c, Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
        => Multiply(transposeA, transposeB, m, n, k, alpha, a, transposeA == Transpose.None ? k : m, b, transposeB == Transpose.None ? n : k, beta, c, n, accumulation);

    /// <summary>C = alpha op(A) op(B) + beta C with explicit row strides.</summary>
    /// <param name="transposeA">None: A is m x k, row stride lda &gt;= k. Transposed: A is stored k x m, lda &gt;= m.</param>
    /// <param name="transposeB">None: B is k x n, row stride ldb &gt;= n. Transposed: B is stored n x k, ldb &gt;= k.</param>
    /// <param name="m">Rows of op(A) and C (&gt;= 0).</param>
    /// <param name="n">Columns of op(B) and C (&gt;= 0).</param>
    /// <param name="k">Columns of op(A), rows of op(B) (&gt;= 0).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of stored A.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of stored B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">Storage of C (m x n, row stride ldc &gt;= n), updated in place.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulation">fp16 only: widened (default) or strict.</param>
    /// <exception cref="ArgumentException">A dimension is negative, a stride too small, a view too short, C overlaps A or B.</exception>
    public void Multiply<T>(
        Transpose transposeA,
        Transpose transposeB,
        int m,
        int n,
        int k,
        T alpha,
        ArrayView<T> a,
        int lda,
        ArrayView<T> b,
        int ldb,
        T beta,
        ArrayView<T> c,
        int ldc,
        Accumulation accumulation = Accumulation.Widened)
        where T : unmanaged
    {
        DeviceArguments.NonNegative(m, nameof(m));
        DeviceArguments.NonNegative(n, nameof(n));
        DeviceArguments.NonNegative(k, nameof(k));
        CheckTranspose(transposeA, nameof(transposeA));
        CheckTranspose(transposeB, nameof(transposeB));
        DeviceArguments.Defined(accumulation, nameof(accumulation));
        bool transA = transposeA == Transpose.Transposed;
        bool transB = transposeB == Transpose.Transposed;
        CheckOperand(a, nameof(a), nameof(lda), transA ? k : m, transA ? m : k, lda);
        CheckOperand(b, nameof(b), nameof(ldb), transB ? n : k, transB ? k : n, ldb);
        CheckOperand(c, nameof(c), nameof(ldc), m, n, ldc);
        DeviceArguments.NoOverlap(a, c, nameof(a), nameof(c));
        DeviceArguments.NoOverlap(b, c, nameof(b), nameof(c));
        double alphaValue = KernelMethods.ToDouble(alpha);
        double betaValue = KernelMethods.ToDouble(beta);
        if (m == 0 || n == 0)
        {
            return;
        }

        bool isHalf = typeof(T) == typeof(IlgpuHalf);
        var shape = new GemmShape
        {
            M = m,
            N = n,
            K = k,
            Lda = lda,
            Ldb = ldb,
            Ldc = ldc,
            TransA = transA ? 1 : 0,
            TransB = transB ? 1 : 0,
            Strict = isHalf && accumulation == Accumulation.Strict ? 1 : 0,
            Widened = isHalf && accumulation == Accumulation.Widened ? 1 : 0,
            SkipProduct = k == 0 || alphaValue == 0.0 ? 1 : 0,
            Alpha = alphaValue,
            Beta = betaValue,
        };
        int tile = device.GemmTile;
        var config = new KernelConfig(new Index2D((n + tile - 1) / tile, (m + tile - 1) / tile), new Index2D(tile, tile));
        var kernel = device.Kernel<T, Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmShape>>(
            "gemm",
            accelerator => accelerator.LoadStreamKernel(
                typeof(T) == typeof(double)
                    ? KernelMethods.Create<Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmShape>>(typeof(GemmKernels), nameof(GemmKernels.Double), device.MathType)
                    : KernelMethods.Create<Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmShape>>(
                        typeof(GemmKernels), nameof(GemmKernels.Single), typeof(T), GpuDevice.CodecOf<T>(), device.MathType)));
        kernel(config, a, b, c, shape);
    }

    private static void CheckTranspose(Transpose value, string name)
    {
        if (value is not Transpose.None and not Transpose.Transposed)
        {
            throw new ArgumentException($"{name} is {(int)value}; allowed values are Transpose.None and Transpose.Transposed.", name);
        }
    }

    private static void CheckOperand<T>(ArrayView<T> view, string name, string ldName, int rows, int columns, int ld)
        where T : unmanaged
    {
        if (ld < columns || ld < 0)
        {
            throw new ArgumentException($"{ldName} is {ld}; {name} is stored {rows} x {columns}, so {ldName} must be >= {columns}.", ldName);
        }

        long required = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * ld) + columns;
        if (view.Length < required)
        {
            throw new ArgumentException(
                $"{name} has length {view.Length}; stored {rows} x {columns} with row stride {ld} it needs at least {required} elements.", name);
        }

        DeviceArguments.Indexable(view, name);
    }
}
