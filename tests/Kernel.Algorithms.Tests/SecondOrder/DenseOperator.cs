using Kernel.Algorithms.SecondOrder;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>An explicit n x n matrix (row-major, given in fp64) as a linear operator in T, counting its products.</summary>
internal sealed class DenseOperator<T>(double[] matrix, int n) : ILinearOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Dimension => n;

    public int Products { get; private set; }

    public void Apply(ReadOnlySpan<T> vector, Span<T> result)
    {
        Products++;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += matrix[(i * n) + j] * double.CreateTruncating(vector[j]);
            }

            result[i] = T.CreateTruncating(sum);
        }
    }

    /// <summary>B B^T / n + I: symmetric positive definite with eigenvalues in [1, 1 + max singular value^2 / n].</summary>
    public static double[] WellConditioned(int n, int seed)
    {
        var random = new Kernel.Envs.KernelRandom((ulong)seed);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (2 * random.NextDouble()) - 1;
        }

        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += b[(i * n) + k] * b[(j * n) + k];
                }

                a[(i * n) + j] = (sum / n) + (i == j ? 1 : 0);
            }
        }

        return a;
    }
}
