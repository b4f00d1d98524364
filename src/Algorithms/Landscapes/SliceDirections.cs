using Kernel.Envs;

namespace Kernel.Algorithms.Landscapes;

/// <summary>Directions d1, d2 of a landscape slice in parameter space.</summary>
public static class SliceDirections
{
    /// <summary>
    /// <paramref name="count"/> (1 or 2) random directions in R^<paramref name="dimension"/>: each coordinate drawn
    /// N(0, 1) from a stream seeded by <paramref name="seed"/>; d2 has its component along d1 removed (Gram-Schmidt),
    /// and each is scaled to unit Euclidean norm, so a and b are distances in parameter space.
    /// </summary>
    public static double[][] Random(int dimension, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, count);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 2);
        var random = new KernelRandom(seed);
        var directions = new double[count][];
        for (int k = 0; k < count; k++)
        {
            double[] d = new double[dimension];
            for (int i = 0; i < dimension; i++)
            {
                d[i] = random.Normal();
            }

            if (k == 1)
            {
                double along = Dot(d, directions[0]);
                for (int i = 0; i < dimension; i++)
                {
                    d[i] -= along * directions[0][i];
                }
            }

            double norm = Math.Sqrt(Dot(d, d));
            for (int i = 0; i < dimension; i++)
            {
                d[i] /= norm;
            }

            directions[k] = d;
        }

        return directions;
    }

    /// <summary>The unit vectors e_i of the given parameter <paramref name="indices"/> (e.g. two gains of K).</summary>
    /// <exception cref="ArgumentException">An index is outside [0, dimension) or repeated; the message is one line.</exception>
    public static double[][] Coordinates(int dimension, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Distinct().Count() != indices.Count || indices.Any(i => i < 0 || i >= dimension))
        {
            throw new ArgumentException($"directions = coords:{string.Join(',', indices)}: must be distinct parameter indices in [0, {dimension - 1}].", "directions");
        }

        return [.. indices.Select(index =>
        {
            double[] e = new double[dimension];
            e[index] = 1.0;
            return e;
        })];
    }

    private static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
