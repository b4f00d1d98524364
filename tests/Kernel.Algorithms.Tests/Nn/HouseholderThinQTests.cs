using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>
/// The tiled Householder Q is the textbook column-by-column loop's Q bit for bit (so orthogonal initialisation, and
/// every golden run, draws the same weights as before the tiles), on shapes that fill tiles, leave ragged ones, are
/// tall, and have zero columns (skipped reflectors); and its Q is orthonormal.
/// </summary>
public class HouseholderThinQTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    [InlineData(17, 17)]
    [InlineData(64, 17)]
    [InlineData(64, 64)]
    [InlineData(100, 37)]
    [InlineData(130, 130)]
    public void TiledQEqualsTheTextbookLoopBitForBit(int m, int n)
    {
        double[] a = Gaussian(m, n, (ulong)((m * 1000) + n));

        double[] tiled = HouseholderThinQ.Compute(a, m, n);

        Assert.Equal(Bits(TextbookThinQ((double[])a.Clone(), m, n)), Bits(tiled));
    }

    [Fact]
    public void ZeroColumnsSkipTheirReflectorsAsTheTextbookLoopDoes()
    {
        const int m = 40;
        const int n = 21;
        double[] a = Gaussian(m, n, 5);
        for (int i = 0; i < m; i++)
        {
            a[(i * n) + 3] = 0;
            a[(i * n) + 20] = 0;
        }

        Assert.Equal(Bits(TextbookThinQ((double[])a.Clone(), m, n)), Bits(HouseholderThinQ.Compute(a, m, n)));
    }

    [Fact]
    public void DoesNotChangeItsInput()
    {
        double[] a = Gaussian(30, 20, 9);
        double[] copy = (double[])a.Clone();

        HouseholderThinQ.Compute(a, 30, 20);

        Assert.Equal(copy, a);
    }

    [Fact]
    public void WideSquareQIsOrthonormalToFp64Precision()
    {
        // 300 columns run the parallel trailing updates and formation.
        const int n = 300;
        double[] q = HouseholderThinQ.Compute(Gaussian(n, n, 3), n, n);
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++)
                {
                    dot += q[(i * n) + a] * q[(i * n) + b];
                }

                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-12, $"(Q^T Q)[{a},{b}] = {dot}");
            }
        }
    }

    private static double[] Gaussian(int m, int n, ulong seed)
    {
        var random = new KernelRandom(seed);
        return Enumerable.Range(0, m * n).Select(_ => random.Normal()).ToArray();
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>
    /// The textbook column-by-column Householder QR that HouseholderThinQ reorders (it was OrthogonalInit's own loop
    /// before the tiles): the m x n factor Q of a = QR with R's diagonal made non-negative. Overwrites <paramref name="a"/>.
    /// </summary>
    private static double[] TextbookThinQ(double[] a, int m, int n)
    {
        // Reflector k is I - 2 v v^T / (v^T v) with v stored in column k of `reflectors`, rows k..m-1.
        var reflectors = new double[m * n];
        var reflectorNormSquared = new double[n];
        var diagonal = new double[n];
        for (int k = 0; k < n; k++)
        {
            double normSquared = 0;
            for (int i = k; i < m; i++)
            {
                normSquared += a[(i * n) + k] * a[(i * n) + k];
            }

            if (normSquared == 0)
            {
                continue;
            }

            // Reflect onto -sign(a_kk) ||x|| e_k: subtracting alpha from a_kk then never cancels.
            double alpha = a[(k * n) + k] >= 0 ? -Math.Sqrt(normSquared) : Math.Sqrt(normSquared);
            double vNormSquared = 0;
            for (int i = k; i < m; i++)
            {
                double v = i == k ? a[(i * n) + k] - alpha : a[(i * n) + k];
                reflectors[(i * n) + k] = v;
                vNormSquared += v * v;
            }

            reflectorNormSquared[k] = vNormSquared;
            for (int j = k; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++)
                {
                    dot += reflectors[(i * n) + k] * a[(i * n) + j];
                }

                double factor = 2 * dot / vNormSquared;
                for (int i = k; i < m; i++)
                {
                    a[(i * n) + j] -= factor * reflectors[(i * n) + k];
                }
            }

            diagonal[k] = alpha;
        }

        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, last reflector first.
        var q = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            q[(j * n) + j] = 1;
        }

        for (int k = n - 1; k >= 0; k--)
        {
            if (reflectorNormSquared[k] == 0)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++)
                {
                    dot += reflectors[(i * n) + k] * q[(i * n) + j];
                }

                double factor = 2 * dot / reflectorNormSquared[k];
                for (int i = k; i < m; i++)
                {
                    q[(i * n) + j] -= factor * reflectors[(i * n) + k];
                }
            }
        }

        // Sign correction: column j times sign(R_jj) makes R's diagonal positive and Q Haar-distributed.
        for (int j = 0; j < n; j++)
        {
            if (diagonal[j] < 0)
            {
                for (int i = 0; i < m; i++)
                {
                    q[(i * n) + j] = -q[(i * n) + j];
                }
            }
        }

        return q;
    }
}
