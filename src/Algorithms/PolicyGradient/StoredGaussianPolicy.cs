using System.Globalization;
using Kernel.Algorithms.Distributions;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// How the Gaussian heads (plain and tanh-squashed) store the old policy per state, [mean (m), std (m)] in
/// doubles, and turn it back into constants for the analytic KL after the update. sigma, not log sigma: the KL reads
/// back exactly the sigma the rollout sampled with (a double holds every fp16/fp32/fp64 sigma, no log sigma can).
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

    /// <summary>Writes <paramref name="evaluation"/>'s mean and std as the old policy, after checking the length.</summary>
    public static void Write<T>(in PolicyEvaluation<T> evaluation, int m, Span<double> oldPolicy)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = evaluation.Output.Rows;
        if (oldPolicy.Length != rows * 2 * m)
        {
            throw new ArgumentException($"oldPolicy has {oldPolicy.Length} values for {rows} states; expected {rows * 2 * m} (mean and sigma of {m} coordinates each).", nameof(oldPolicy));
        }

        Write(evaluation.Gaussian.Mean.Values, evaluation.Gaussian.Std.Values, rows, m, oldPolicy);
    }

    /// <summary>Throws unless every value is finite and every sigma (the second m of each state's 2m) is &gt; 0.</summary>
    public static void Check(ReadOnlySpan<double> oldPolicy, int m, string parameterName)
    {
        if (FirstInvalid(oldPolicy, m) is ({ } i, { } what))
        {
            throw new ArgumentException(
                $"{parameterName}[{i}] = {oldPolicy[i].ToString(CultureInfo.InvariantCulture)} (state {i / (2 * m)}, {what}) is not allowed: a Gaussian old policy is (mu_1..mu_{m}, sigma_1..sigma_{m}) per state, finite, with sigma itself > 0 (not log sigma); IPolicyHead.WriteOldPolicy writes it.",
                parameterName);
        }
    }

    /// <summary>The first value that is not finite or is a sigma not &gt; 0, with what it is ("sigma of coordinate j", "mean of coordinate j"), or null.</summary>
    public static (int Index, string What)? FirstInvalid(ReadOnlySpan<double> oldPolicy, int m)
    {
        for (int i = 0; i < oldPolicy.Length; i++)
        {
            int column = i % (2 * m);
            bool sigma = column >= m;
            double value = oldPolicy[i];
            if (!double.IsFinite(value) || (sigma && !(value > 0)))
            {
                return (i, sigma ? $"sigma of coordinate {column - m}" : $"mean of coordinate {column}");
            }
        }

        return null;
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
