using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the tiled GEMM C = alpha op(A) op(B) + beta C: one t x t group per t x t tile of C, staging
/// t x t tiles of op(A) and op(B) in shared memory, with the tile edge t = the group's width, a power of two up to
/// <see cref="Tile"/> (16 on CUDA; see <see cref="GpuDevice.GemmTile"/>). The edge only decides how k is staged, never the
/// order in which an element accumulates. Each element accumulates by FMAs in increasing k, folded into C
/// every <see cref="DepthBlock"/> steps with the CPU GEMM's merge (fma(acc, alpha, beta C), then fma(acc, alpha, C)),
/// so results equal <c>Kernel.Kernels.Cpu.Gemm</c> bit for bit. Padding past m, n or k is never multiplied in.
/// </summary>
internal static class GemmKernels
{
    /// <summary>The largest tile edge (groups of Tile x Tile threads): the shared-memory tiles are sized for it. It divides <see cref="DepthBlock"/>.</summary>
    public const int Tile = 16;

    /// <summary>
    /// Depth of one accumulation block: the CPU GEMM's KC (Kernel.Kernels.Cpu.GemmBlocking.KC = 256), whose blocks are
    /// folded into C one at a time. Matching it keeps k &gt; 256 products bitwise equal to the CPU's.
    /// </summary>
    public const int DepthBlock = 256;

    /// <summary>float and Half elements (float accumulation).</summary>
    public static void Single<T, TCodec, TMath>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmShape s)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
        where TMath : struct, IDeviceMath
    {
        TCodec codec = default;
        TMath math = default;
        ArrayView<float> tileA = SharedMemory.Allocate<float>(Tile * Tile);
        ArrayView<float> tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int tile = Group.DimX;
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row = (Grid.IdxY * tile) + ty;
        int col = (Grid.IdxX * tile) + tx;
        bool inside = row < s.M && col < s.N;
        float alpha = (float)s.Alpha;
        float beta = (float)s.Beta;
        float acc = 0f;
        float merged = 0f;
        bool first = true;
        int k = s.SkipProduct != 0 ? 0 : s.K;
        for (int k0 = 0; k0 < k; k0 += tile)
        {
            int ka = k0 + tx;
            tileA[(ty * tile) + tx] = row < s.M && ka < k ? codec.ToSingle(a[s.TransA != 0 ? (ka * s.Lda) + row : (row * s.Lda) + ka]) : 0f;
            int kb = k0 + ty;
            tileB[(ty * tile) + tx] = kb < k && col < s.N ? codec.ToSingle(b[s.TransB != 0 ? (col * s.Ldb) + kb : (kb * s.Ldb) + col]) : 0f;
            Group.Barrier();
            int depth = k - k0 < tile ? k - k0 : tile;
            for (int p = 0; p < depth; p++)
            {
                acc = math.Fma(tileA[(ty * tile) + p], tileB[(p * tile) + tx], acc);
                if (s.Strict != 0)
                {
                    acc = codec.ToSingle(codec.FromSingle(acc));
                }
            }

            Group.Barrier();
            int done = k0 + depth;
            if (s.Strict == 0 && inside && (done % DepthBlock == 0 || done == k))
            {
                if (s.Widened != 0)
                {
                    merged = first ? acc : math.Fma(acc, 1f, merged); // the fp32 workspace: alpha 1, beta 0, then 1
                }
                else
                {
                    merged = first
                        ? (beta == 0f ? acc * alpha : math.Fma(acc, alpha, beta * codec.ToSingle(c[(row * s.Ldc) + col])))
                        : math.Fma(acc, alpha, merged);
                }

                first = false;
                acc = 0f;
            }
        }

        if (!inside)
        {
            return;
        }

        int at = (row * s.Ldc) + col;
        if (k == 0)
        {
            // No product: C = beta C (beta 0 writes zeros without reading C; beta 1 leaves C untouched).
            if (beta == 0f)
            {
                c[at] = codec.FromSingle(0f);
            }
            else if (beta != 1f)
            {
                c[at] = codec.FromSingle(beta * codec.ToSingle(c[at]));
            }

            return;
        }

        if (s.Strict == 0 && s.Widened == 0)
        {
            c[at] = codec.FromSingle(merged);
            return;
        }

        float sum = s.Strict != 0 ? acc : merged;
        c[at] = codec.FromSingle(beta == 0f ? sum * alpha : math.Fma(sum, alpha, beta * codec.ToSingle(c[at])));
    }

    /// <summary>double elements (double accumulation).</summary>
    public static void Double<TMath>(ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, GemmShape s)
        where TMath : struct, IDeviceMath
    {
        TMath math = default;
        ArrayView<double> tileA = SharedMemory.Allocate<double>(Tile * Tile);
        ArrayView<double> tileB = SharedMemory.Allocate<double>(Tile * Tile);
        int tile = Group.DimX;
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row = (Grid.IdxY * tile) + ty;
        int col = (Grid.IdxX * tile) + tx;
        bool inside = row < s.M && col < s.N;
        double acc = 0.0;
        double merged = 0.0;
        bool first = true;
        int k = s.SkipProduct != 0 ? 0 : s.K;
        for (int k0 = 0; k0 < k; k0 += tile)
        {
            int ka = k0 + tx;
            tileA[(ty * tile) + tx] = row < s.M && ka < k ? a[s.TransA != 0 ? (ka * s.Lda) + row : (row * s.Lda) + ka] : 0.0;
            int kb = k0 + ty;
            tileB[(ty * tile) + tx] = kb < k && col < s.N ? b[s.TransB != 0 ? (col * s.Ldb) + kb : (kb * s.Ldb) + col] : 0.0;
            Group.Barrier();
            int depth = k - k0 < tile ? k - k0 : tile;
            for (int p = 0; p < depth; p++)
            {
                acc = math.Fma(tileA[(ty * tile) + p], tileB[(p * tile) + tx], acc);
            }

            Group.Barrier();
            int done = k0 + depth;
            if (inside && (done % DepthBlock == 0 || done == k))
            {
                merged = first
                    ? (s.Beta == 0.0 ? acc * s.Alpha : math.Fma(acc, s.Alpha, s.Beta * c[(row * s.Ldc) + col]))
                    : math.Fma(acc, s.Alpha, merged);
                first = false;
                acc = 0.0;
            }
        }

        if (!inside)
        {
            return;
        }

        int at = (row * s.Ldc) + col;
        if (k == 0)
        {
            if (s.Beta == 0.0)
            {
                c[at] = 0.0;
            }
            else if (s.Beta != 1.0)
            {
                c[at] = s.Beta * c[at];
            }

            return;
        }

        c[at] = merged;
    }
}
