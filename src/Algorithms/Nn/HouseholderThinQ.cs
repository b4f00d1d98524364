using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// The thin factor Q of a Householder QR with R's diagonal made non-negative, for <see cref="OrthogonalInit"/>.
/// <para>
/// Every element goes through exactly the arithmetic of the textbook column-by-column algorithm (reflector k is
/// I - 2 v v^T / (v^T v); each column's dot product with v summed in increasing row order from 0, then
/// a_ij -= (2 dot / v^T v) v_i; Q formed by applying the reflectors to the identity, last first), so the result is
/// the same bit for bit on every machine and thread count. Only the loop order differs: columns are stored in tiles
/// of <see cref="TileWidth"/> (row-major m x TileWidth each), SIMD lanes run across a tile's columns (never across
/// the sum of a dot product), a tile receives a whole run of reflectors while it is in cache, and tiles are
/// independent, so they run in parallel. The textbook loop strides down columns and took about 15 s for 1024 x 1024.
/// </para>
/// </summary>
internal static class HouseholderThinQ
{
    /// <summary>Columns per tile: four SIMD vectors, four independent dot-product chains per row.</summary>
    private static readonly int TileWidth = 4 * Vector<double>.Count;

    /// <summary>Tile updates (rows x reflectors x tile columns) below which a parallel loop costs more than it saves.</summary>
    private const long ParallelWork = 1 << 20;

    /// <summary>
    /// The m x n factor Q (row-major) of a = QR (m &gt;= n, a row-major) with R's diagonal made non-negative; a zero
    /// diagonal entry counts as positive. Reads <paramref name="a"/> only.
    /// </summary>
    public static double[] Compute(double[] a, int m, int n)
    {
        int w = TileWidth;
        int tiles = (n + w - 1) / w;
        int tileSize = m * w;

        // Column j of a lives in tile j / w at column j % w; the padding columns of the last tile stay zero.
        var work = new double[tiles * tileSize];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                work[((j / w) * tileSize) + (i * w) + (j % w)] = a[(i * n) + j];
            }
        }

        // Reflector k: v in reflectors[k m + k .. k m + m - 1], v^T v in vNormSquared[k] (0: skipped, the column was 0).
        var reflectors = new double[n * m];
        var vNormSquared = new double[n];
        var diagonal = new double[n];
        for (int t = 0; t < tiles; t++)
        {
            int first = t * w;
            int end = Math.Min(first + w, n);
            FactorTile(work.AsSpan(t * tileSize, tileSize), m, first, end, reflectors, vNormSquared, diagonal);
            int[] run = Nonzero(vNormSquared, first, end, ascending: true);
            long trailingWork = (long)(tiles - t - 1) * w * m * run.Length;
            For(t + 1, tiles, trailingWork, u => ApplyRun(work.AsSpan(u * tileSize, tileSize), m, run, reflectors, vNormSquared));
        }

        // Q = H_0 ... H_{n-1} I[:, :n]: column j only meets reflectors k <= j (a later one finds zeros there, its dot
        // is +0 and it leaves +0), so tile t needs reflectors min(n, (t + 1) w) - 1 down to 0.
        var q = new double[tiles * tileSize];
        for (int j = 0; j < n; j++)
        {
            q[((j / w) * tileSize) + (j * w) + (j % w)] = 1;
        }

        long formWork = (long)tiles * w * m * n / 2;
        For(0, tiles, formWork, t =>
        {
            int[] run = Nonzero(vNormSquared, 0, Math.Min(n, (t + 1) * w), ascending: false);
            ApplyRun(q.AsSpan(t * tileSize, tileSize), m, run, reflectors, vNormSquared);
        });

        // Sign correction: column j times sign(R_jj) makes R's diagonal positive and Q Haar-distributed.
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double value = q[((j / w) * tileSize) + (i * w) + (j % w)];
                result[(i * n) + j] = diagonal[j] < 0 ? -value : value;
            }
        }

        return result;
    }

    /// <summary>Reflectors first..end-1 from the tile's own columns, each applied to the tile before the next.</summary>
    private static void FactorTile(Span<double> tile, int m, int first, int end, double[] reflectors, double[] vNormSquared, double[] diagonal)
    {
        int w = TileWidth;
        for (int k = first; k < end; k++)
        {
            int c = k - first;
            double normSquared = 0;
            for (int i = k; i < m; i++)
            {
                normSquared += tile[(i * w) + c] * tile[(i * w) + c];
            }

            if (normSquared == 0)
            {
                continue;
            }

            // Reflect onto -sign(a_kk) ||x|| e_k: subtracting alpha from a_kk then never cancels.
            double alpha = tile[(k * w) + c] >= 0 ? -Math.Sqrt(normSquared) : Math.Sqrt(normSquared);
            Span<double> v = reflectors.AsSpan(k * m, m);
            double squared = 0;
            for (int i = k; i < m; i++)
            {
                double vi = i == k ? tile[(i * w) + c] - alpha : tile[(i * w) + c];
                v[i] = vi;
                squared += vi * vi;
            }

            vNormSquared[k] = squared;
            diagonal[k] = alpha;

            // Columns up to c change too; their reflectors are already taken and nothing reads them again.
            ApplyRun(tile, m, [k], reflectors, vNormSquared);
        }
    }

    /// <summary>The reflectors among first..end-1 that are not skipped, in increasing or decreasing order.</summary>
    private static int[] Nonzero(double[] vNormSquared, int first, int end, bool ascending)
    {
        int[] run = Enumerable.Range(first, end - first).Where(k => vNormSquared[k] != 0).ToArray();
        if (!ascending)
        {
            Array.Reverse(run);
        }

        return run;
    }

    /// <summary>
    /// Applies reflectors run[0], run[1], ... to every column of a tile. The pass that subtracts reflector r also
    /// sums the next reflector's dot products, adding rows in increasing order as the textbook loop does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyRun(Span<double> tile, int m, int[] run, double[] reflectors, double[] vNormSquared)
    {
        if (run.Length == 0)
        {
            return;
        }

        int w = TileWidth;
        int lanes = Vector<double>.Count;
        ref double t = ref tile[0];
        ref double rv = ref reflectors[0];

        // Dot products of the first reflector: a pass of its own.
        int k0 = run[0];
        Vector<double> d0 = Vector<double>.Zero, d1 = Vector<double>.Zero, d2 = Vector<double>.Zero, d3 = Vector<double>.Zero;
        for (int i = k0; i < m; i++)
        {
            var vi = new Vector<double>(Unsafe.Add(ref rv, (k0 * m) + i));
            nuint row = (nuint)(i * w);
            d0 += vi * Vector.LoadUnsafe(ref t, row);
            d1 += vi * Vector.LoadUnsafe(ref t, row + (nuint)lanes);
            d2 += vi * Vector.LoadUnsafe(ref t, row + (nuint)(2 * lanes));
            d3 += vi * Vector.LoadUnsafe(ref t, row + (nuint)(3 * lanes));
        }

        for (int r = 0; r < run.Length; r++)
        {
            int k = run[r];
            var norm = new Vector<double>(vNormSquared[k]);
            Vector<double> f0 = (d0 * 2) / norm, f1 = (d1 * 2) / norm, f2 = (d2 * 2) / norm, f3 = (d3 * 2) / norm;
            bool hasNext = r + 1 < run.Length;
            int next = hasNext ? run[r + 1] : m;
            d0 = d1 = d2 = d3 = Vector<double>.Zero;

            // Rows the next reflector sums but this one does not touch (the decreasing runs of Q's formation).
            int i = next;
            for (; i < k; i++)
            {
                var vn = new Vector<double>(Unsafe.Add(ref rv, (next * m) + i));
                nuint row = (nuint)(i * w);
                d0 += vn * Vector.LoadUnsafe(ref t, row);
                d1 += vn * Vector.LoadUnsafe(ref t, row + (nuint)lanes);
                d2 += vn * Vector.LoadUnsafe(ref t, row + (nuint)(2 * lanes));
                d3 += vn * Vector.LoadUnsafe(ref t, row + (nuint)(3 * lanes));
            }

            // Rows this reflector touches and the next one does not sum (the increasing runs of the factorisation).
            int stop = Math.Min(next, m);
            for (i = k; i < stop; i++)
            {
                var vi = new Vector<double>(Unsafe.Add(ref rv, (k * m) + i));
                nuint row = (nuint)(i * w);
                (f0 * vi).SubtractFrom(ref t, row);
                (f1 * vi).SubtractFrom(ref t, row + (nuint)lanes);
                (f2 * vi).SubtractFrom(ref t, row + (nuint)(2 * lanes));
                (f3 * vi).SubtractFrom(ref t, row + (nuint)(3 * lanes));
            }

            if (!hasNext)
            {
                continue;
            }

            for (i = Math.Max(k, next); i < m; i++)
            {
                var vi = new Vector<double>(Unsafe.Add(ref rv, (k * m) + i));
                var vn = new Vector<double>(Unsafe.Add(ref rv, (next * m) + i));
                nuint row = (nuint)(i * w);
                Vector<double> a0 = Vector.LoadUnsafe(ref t, row) - (f0 * vi);
                Vector<double> a1 = Vector.LoadUnsafe(ref t, row + (nuint)lanes) - (f1 * vi);
                Vector<double> a2 = Vector.LoadUnsafe(ref t, row + (nuint)(2 * lanes)) - (f2 * vi);
                Vector<double> a3 = Vector.LoadUnsafe(ref t, row + (nuint)(3 * lanes)) - (f3 * vi);
                a0.StoreUnsafe(ref t, row);
                a1.StoreUnsafe(ref t, row + (nuint)lanes);
                a2.StoreUnsafe(ref t, row + (nuint)(2 * lanes));
                a3.StoreUnsafe(ref t, row + (nuint)(3 * lanes));
                d0 += vn * a0;
                d1 += vn * a1;
                d2 += vn * a2;
                d3 += vn * a3;
            }
        }
    }

    /// <summary>element[offset..] = element[offset..] - product, one vector.</summary>
    private static void SubtractFrom(this Vector<double> product, ref double tile, nuint offset)
        => (Vector.LoadUnsafe(ref tile, offset) - product).StoreUnsafe(ref tile, offset);

    /// <summary>body(from..to-1), in parallel when the work is large enough; each index is independent.</summary>
    private static void For(int from, int to, long work, Action<int> body)
    {
        if (work < ParallelWork || to - from < 2)
        {
            for (int i = from; i < to; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(from, to, body);
    }
}
