namespace Kernel.Kernels.Cpu;

/// <summary>
/// What a span of values looks like, for the numerics monitor (see <see cref="Scan.Summarize{T}"/>).
/// Magnitudes are reported in double; the classification (subnormal in particular) is in the format scanned.
/// </summary>
/// <param name="Length">Number of values scanned.</param>
/// <param name="AbsMax">Largest magnitude among finite values; 0 if there are none.</param>
/// <param name="MinNonZeroMagnitude">Smallest magnitude among finite nonzero values (subnormals included); <see cref="double.PositiveInfinity"/> if there are none.</param>
/// <param name="PositiveInfinities">Count of +inf.</param>
/// <param name="NegativeInfinities">Count of -inf.</param>
/// <param name="NaNs">Count of NaN (any sign or payload).</param>
/// <param name="Subnormals">Count of nonzero values below the smallest normal of the scanned format (Half 2^-14, float 2^-126, double 2^-1022).</param>
/// <param name="Zeros">Count of +0 and -0.</param>
public readonly record struct ValueSummary(
    int Length,
    double AbsMax,
    double MinNonZeroMagnitude,
    int PositiveInfinities,
    int NegativeInfinities,
    int NaNs,
    int Subnormals,
    int Zeros);
