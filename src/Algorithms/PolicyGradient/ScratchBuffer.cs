namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// Reusable scratch arrays for moving numbers between the host's doubles and tensors: an array grows once and is
/// then reused, so steady-state training allocates nothing. (The conversions themselves are
/// <see cref="Kernel.Kernels.Cpu.Conversions"/>.)
/// </summary>
internal static class ScratchBuffer
{
    /// <summary>The first <paramref name="length"/> elements of <paramref name="buffer"/>, replacing it by a larger array first if needed.</summary>
    public static Span<TValue> Take<TValue>(ref TValue[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new TValue[length];
        }

        return buffer.AsSpan(0, length);
    }
}
