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

        double[] q = HouseholderThinQ.Compute(a, m, n);
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
}
