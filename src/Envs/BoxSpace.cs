namespace Kernel.Envs;

/// <summary>A box [low, high] of real vectors (Gymnasium's Box); bounds may be infinite.</summary>
public sealed class BoxSpace : Space
{
    private readonly double[] low;
    private readonly double[] high;

    /// <summary>Creates a box with per-coordinate bounds.</summary>
    public BoxSpace(ReadOnlySpan<double> low, ReadOnlySpan<double> high)
    {
        if (low.Length != high.Length)
        {
            throw new ArgumentException($"low has {low.Length} coordinates but high has {high.Length}.", nameof(high));
        }

        for (int i = 0; i < low.Length; i++)
        {
            if (double.IsNaN(low[i]) || double.IsNaN(high[i]) || low[i] > high[i])
            {
                throw new ArgumentException($"coordinate {i}: low = {low[i]} and high = {high[i]}; low must be <= high and neither NaN.", nameof(low));
            }
        }

        this.low = low.ToArray();
        this.high = high.ToArray();
    }

    /// <summary>A box of <paramref name="dimension"/> coordinates, all in [low, high].</summary>
    public static BoxSpace Uniform(int dimension, double low, double high)
    {
        var lows = new double[dimension];
        var highs = new double[dimension];
        Array.Fill(lows, low);
        Array.Fill(highs, high);
        return new BoxSpace(lows, highs);
    }

    /// <inheritdoc />
    public override int Dimension => low.Length;

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<double> Low => low;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<double> High => high;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<double> element)
    {
        if (element.Length != low.Length)
        {
            return false;
        }

        for (int i = 0; i < element.Length; i++)
        {
            if (!(element[i] >= low[i] && element[i] <= high[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"Box({Dimension}, low=[{string.Join(", ", low)}], high=[{string.Join(", ", high)}])";
}
