namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// A 1-D or 2-D slice theta = theta0 + a d1 (+ b d2) of parameter space on a grid of (a, b). Points are numbered
/// row-major: index = ib * A.Count + ia. For a 1-D slice B = [0] and D2 is null. At a = b = 0 the point is theta0
/// exactly. Immutable; thread-safe.
/// </summary>
public sealed class LandscapeSlice
{
    private readonly double[] origin;
    private readonly double[] d1;
    private readonly double[]? d2;

    /// <summary>Creates the slice; the directions must have the origin's length.</summary>
    public LandscapeSlice(double[] origin, double[] d1, double[]? d2, double[] aValues, double[] bValues)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(d1);
        ArgumentNullException.ThrowIfNull(aValues);
        ArgumentNullException.ThrowIfNull(bValues);
        if (d1.Length != origin.Length || (d2 is not null && d2.Length != origin.Length))
        {
            throw new ArgumentException($"the directions must have the origin's {origin.Length} values.", nameof(d1));
        }

        if (aValues.Length < 1 || bValues.Length < 1 || (d2 is null && bValues.Length != 1))
        {
            throw new ArgumentException("a slice needs at least one a and one b value, and a 1-D slice exactly one b (0).", nameof(bValues));
        }

        this.origin = (double[])origin.Clone();
        this.d1 = (double[])d1.Clone();
        this.d2 = (double[]?)d2?.Clone();
        A = (double[])aValues.Clone();
        B = (double[])bValues.Clone();
    }

    /// <summary>The a coordinates (along d1).</summary>
    public IReadOnlyList<double> A { get; }

    /// <summary>The b coordinates (along d2; [0] for a 1-D slice).</summary>
    public IReadOnlyList<double> B { get; }

    /// <summary>The number of grid points.</summary>
    public int Count => A.Count * B.Count;

    /// <summary>The number of parameters.</summary>
    public int Dimension => origin.Length;

    /// <summary>The grid coordinates of point <paramref name="index"/>.</summary>
    public (double A, double B) Coordinates(int index) => (A[index % A.Count], B[index / A.Count]);

    /// <summary>Writes theta0 + a d1 + b d2 of point <paramref name="index"/> into <paramref name="theta"/>.</summary>
    public void Theta(int index, Span<double> theta)
    {
        (double a, double b) = Coordinates(index);
        for (int i = 0; i < origin.Length; i++)
        {
            theta[i] = origin[i] + (a * d1[i]) + (d2 is null ? 0.0 : b * d2[i]);
        }
    }

    /// <summary>
    /// n values evenly spaced on [-range, range], computed as range (2 i - (n - 1)) / (n - 1) so that an odd n
    /// has exactly 0 in the middle; n = 1 gives [0].
    /// </summary>
    public static double[] Axis(double range, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        if (points == 1)
        {
            return [0.0];
        }

        var values = new double[points];
        for (int i = 0; i < points; i++)
        {
            values[i] = range * ((2.0 * i) - (points - 1)) / (points - 1);
        }

        return values;
    }
}
