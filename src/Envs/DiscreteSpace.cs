namespace Kernel.Envs;

/// <summary>The actions {0, 1, ..., n - 1} (Gymnasium's Discrete), passed as one double holding the integer.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>Creates a space of <paramref name="count"/> actions.</summary>
    public DiscreteSpace(int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A discrete space needs at least one action.");
        }

        Count = count;
    }

    /// <summary>The number of actions n.</summary>
    public int Count { get; }

    /// <inheritdoc />
    public override int Dimension => 1;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<double> element)
        => element.Length == 1 && element[0] >= 0 && element[0] < Count && element[0] == Math.Floor(element[0]);

    /// <inheritdoc />
    public override string ToString() => $"Discrete({Count})";
}
