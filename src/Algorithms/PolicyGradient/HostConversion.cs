namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// Moves numbers between the host's doubles (envs, rollout buffers) and the run's precision T (tensors), with
/// reusable scratch arrays that grow once and are then reused, so steady-state training allocates nothing.
/// </summary>
internal static class HostConversion
{
    /// <summary>The first <paramref name="length"/> elements of <paramref name="buffer"/>, replacing it by a larger array first if needed.</summary>
    public static Span<TValue> Scratch<TValue>(ref TValue[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new TValue[length];
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>Rounds doubles to T (round to nearest; values beyond T's range become infinities, as the format dictates).</summary>
    public static void ToPrecision<T>(ReadOnlySpan<double> source, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = T.CreateTruncating(source[i]);
        }
    }

    /// <summary>Widens T values to doubles (exact).</summary>
    public static void ToDouble<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = double.CreateTruncating(source[i]);
        }
    }
}
