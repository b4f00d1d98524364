namespace Kernel.Envs;

/// <summary>An observation or action space. Elements are always passed as flat spans of doubles.</summary>
public abstract class Space
{
    /// <summary>The number of doubles an element occupies (1 for <see cref="DiscreteSpace"/>).</summary>
    public abstract int Dimension { get; }

    /// <summary>Whether <paramref name="element"/> lies in the space.</summary>
    public abstract bool Contains(ReadOnlySpan<double> element);
}
