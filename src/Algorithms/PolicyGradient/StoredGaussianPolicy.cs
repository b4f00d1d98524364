using Kernel.Algorithms.Distributions;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// How the Gaussian heads (plain and tanh-squashed) store the old policy per state, [mean (m), std (m)] in
/// doubles, and turn it back into constants for the analytic KL after the update.
/// </summary>
internal static class StoredGaussianPolicy
{
    /// <summary>Writes each row's mean and std into <paramref name="oldPolicy"/> [rows * 2m].</summary>
    public static void Write<T>(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, int rows, int m, Span<double> oldPolicy)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool sharedStd = std.Length == m;
        for (int row = 0; row < rows; row++)
        {
            Span<double> old = oldPolicy.Slice(row * 2 * m, 2 * m);
            Conversions.Widen(mean.Slice(row * m, m), old[..m]);
            Conversions.Widen(sharedStd ? std : std.Slice(row * m, m), old[m..]);
        }
    }

    /// <summary>The stored rows as a distribution of constants on <paramref name="tape"/> (the KL's old side).</summary>
    public static GaussianParameters<T> Read<T>(Tape<T> tape, ReadOnlySpan<double> oldPolicy, int rows, int m, ref T[] meanScratch, ref T[] stdScratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<T> mean = ScratchBuffer.Take(ref meanScratch, rows * m);
        Span<T> std = ScratchBuffer.Take(ref stdScratch, rows * m);
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<double> old = oldPolicy.Slice(row * 2 * m, 2 * m);
            Conversions.Narrow(old[..m], mean.Slice(row * m, m));
            Conversions.Narrow(old[m..], std.Slice(row * m, m));
        }

        Shape shape = Shape.Matrix(rows, m);
        return GaussianParameters<T>.FromMeanAndStd(tape.Constant(shape, mean), tape.Constant(shape, std));
    }

    /// <summary>The smallest sigma, in fp64 (the std_min diagnostic).</summary>
    public static double StdMin<T>(ReadOnlySpan<T> std)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double stdMin = double.PositiveInfinity;
        foreach (T sigma in std)
        {
            stdMin = Math.Min(stdMin, double.CreateTruncating(sigma));
        }

        return stdMin;
    }
}
