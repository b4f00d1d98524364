namespace Kernel.Algorithms.Measurements;

/// <summary>Cosine similarity of parameter vectors and the mean of it over every pair of a set (seed 001 Figs 2, 3, 13).</summary>
public static class Cosine
{
    /// <summary>a . b / (|a| |b|), NaN when either vector is zero.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double Similarity(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"vectors of length {a.Length} and {b.Length}; a cosine needs one length.", nameof(b));
        }

        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa > 0 && bb > 0 ? dot / Math.Sqrt(aa * bb) : double.NaN;
    }

    /// <summary>The cosine of every pair i &lt; j of <paramref name="vectors"/>, in the order (0,1), (0,2), ..., (1,2), ...</summary>
    public static double[] Pairwise(IReadOnlyList<double[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var result = new List<double>();
        for (int i = 0; i < vectors.Count; i++)
        {
            for (int j = i + 1; j < vectors.Count; j++)
            {
                result.Add(Similarity(vectors[i], vectors[j]));
            }
        }

        return [.. result];
    }
}
