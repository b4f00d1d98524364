namespace Kernel.Algorithms.Measurements;

/// <summary>The sample counts N and estimates M per N that the gradient-estimate measurements (Figs 2, 3, 5) take.</summary>
internal static class EstimateCounts
{
    /// <summary>Refuses counts that are not distinct, ascending and at least 1, and fewer than 2 estimates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range (named).</exception>
    public static void Check(IReadOnlyList<int> samples, int estimates)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0 || samples.Any(n => n < 1) || !samples.Order().SequenceEqual(samples) || samples.Distinct().Count() != samples.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), string.Join(",", samples), $"samples = {string.Join(",", samples)}: give distinct counts of at least 1 in ascending order.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(estimates, 2);
    }
}
