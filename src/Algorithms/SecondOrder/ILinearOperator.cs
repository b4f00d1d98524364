namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// A symmetric linear map on flat vectors, applied without forming its matrix: what <see cref="ConjugateGradient{T}"/>
/// solves with (a Fisher-vector product, or any explicit matrix in tests).
/// Thread-safety: as the implementation's (a <see cref="FisherVectorProduct{T}"/> uses its policy's tape).
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public interface ILinearOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The length of the vectors the map takes and returns.</summary>
    int Dimension { get; }

    /// <summary>result = A vector; both spans have length <see cref="Dimension"/> and must not overlap.</summary>
    void Apply(ReadOnlySpan<T> vector, Span<T> result);
}
