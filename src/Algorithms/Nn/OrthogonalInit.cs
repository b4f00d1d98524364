using Kernel.Envs;

namespace Kernel.Algorithms.Nn;

/// <summary>
/// Orthogonal initialisation (Saxe et al. 2014) as <c>torch.nn.init.orthogonal_</c> does it, with a zero bias, the scheme
/// of the PPO implementations in seed 001 (section 4, item 3; OpenAI baselines and CleanRL use gain sqrt(2) for hidden
/// layers, 0.01 for the policy output and 1 for the value output, see <see cref="MlpInit"/>).
/// <para>
/// A Gaussian matrix G [out, in] is drawn row by row; the taller of G and G^T is factored A = QR (Householder, in
/// double) and each column of Q is multiplied by the sign of R's diagonal entry, which makes the factorisation unique
/// and Q Haar-distributed (Mezzadri 2007). The weight is gain * Q, transposed back when out &lt; in, so a wide weight has
/// W W^T = gain^2 I and a tall one W^T W = gain^2 I. A zero diagonal entry (probability zero) counts as positive.
/// </para>
/// Immutable.
/// </summary>
public sealed class OrthogonalInit : LayerInit
{
    /// <summary>Creates the initialiser.</summary>
    /// <param name="gain">Scale of the orthogonal weight; finite and positive.</param>
    public OrthogonalInit(double gain)
    {
        if (!double.IsFinite(gain) || gain <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "gain must be finite and positive.");
        }

        Gain = gain;
    }

    /// <summary>Scale of the orthogonal weight.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public override void Initialize(Span<double> weight, Span<double> bias, int outFeatures, int inFeatures, KernelRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        LayerShapes.Check(weight, bias, outFeatures, inFeatures);
        double[] q = HaarOrthogonal(outFeatures, inFeatures, random);
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = Gain * q[i];
        }

        bias.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => $"orthogonal(gain {Gain})";

    /// <summary>
    /// A rows x columns matrix (row-major) with orthonormal columns (rows &gt;= columns) or orthonormal rows, drawn from
    /// the Haar measure; consumes rows * columns normal draws of <paramref name="random"/>.
    /// </summary>
    internal static double[] HaarOrthogonal(int rows, int columns, KernelRandom random)
    {
        var gaussian = new double[rows * columns];
        for (int i = 0; i < gaussian.Length; i++)
        {
            gaussian[i] = random.Normal();
        }

        bool transposed = rows < columns;
        int m = Math.Max(rows, columns);
        int n = Math.Min(rows, columns);

        // a: the tall m x n matrix, row-major.
        var a = new double[m * n];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                a[transposed ? (c * n) + r : (r * n) + c] = gaussian[(r * columns) + c];
            }
        }

        double[] q = ThinQ(a, m, n);
        if (!transposed)
        {
            return q;
        }

        var result = new double[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(r * columns) + c] = q[(c * n) + r];
            }
        }

        return result;
    }

    /// <summary>
    /// The m x n factor Q of a = QR (m &gt;= n) with R's diagonal made non-negative, by Householder reflections.
    /// Overwrites <paramref name="a"/> (its upper triangle becomes R).
    /// </summary>
    private static double[] ThinQ(double[] a, int m, int n)
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
