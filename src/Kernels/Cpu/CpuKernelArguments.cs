using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Kernels.Cpu;

/// <summary>Argument validation shared by the CPU kernels; every failure is an <see cref="ArgumentException"/>.</summary>
internal static class CpuKernelArguments
{
    /// <summary>Throws unless <paramref name="other"/> has the same length as <paramref name="reference"/>.</summary>
    public static void SameLength<TA, TB>(
        ReadOnlySpan<TA> reference,
        ReadOnlySpan<TB> other,
        [CallerArgumentExpression(nameof(reference))] string referenceName = "",
        [CallerArgumentExpression(nameof(other))] string otherName = "")
    {
        if (reference.Length != other.Length)
        {
            ThrowLengthMismatch(otherName, other.Length, referenceName, reference.Length);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="destination"/> has the length of <paramref name="input"/> and either does not
    /// overlap it or starts at the same element (exact in-place aliasing).
    /// </summary>
    public static void Output<T>(
        ReadOnlySpan<T> input,
        Span<T> destination,
        [CallerArgumentExpression(nameof(input))] string inputName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        if (input.Length != destination.Length)
        {
            ThrowLengthMismatch(destinationName, destination.Length, inputName, input.Length);
        }

        NoPartialOverlap(input, destination, inputName, destinationName);
    }

    /// <summary>Throws when <paramref name="destination"/> overlaps <paramref name="input"/> without starting at the same element.</summary>
    public static void NoPartialOverlap<T>(ReadOnlySpan<T> input, Span<T> destination, string inputName, string destinationName)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{destinationName} partially overlaps {inputName} (offset {offset}); it must either not overlap it or alias it exactly.",
                destinationName);
        }
    }

    /// <summary>Throws when <paramref name="destination"/> overlaps <paramref name="input"/> at all.</summary>
    public static void NoOverlap<T>(
        ReadOnlySpan<T> input,
        Span<T> destination,
        [CallerArgumentExpression(nameof(input))] string inputName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        if (input.Overlaps(destination))
        {
            throw new ArgumentException($"{destinationName} must not overlap {inputName}.", destinationName);
        }
    }

    /// <summary>Throws unless <paramref name="length"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int length, int expected, string name, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Length of {name} ({length}) must equal {what} ({expected}).", name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is non-negative.</summary>
    public static void NonNegative(int value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < 0)
        {
            throw new ArgumentException($"{name} must be non-negative (was {value}).", name);
        }
    }

    /// <summary>
    /// Validates a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix and returns its element count.
    /// </summary>
    public static int Matrix(int matrixLength, int rows, int columns, string matrixName = "matrix")
    {
        NonNegative(rows);
        NonNegative(columns);
        long count = (long)rows * columns;
        if (count != matrixLength)
        {
            throw new ArgumentException(
                $"Length of {matrixName} ({matrixLength}) must equal rows * columns ({rows} * {columns} = {count}).",
                matrixName);
        }

        return (int)count;
    }

    /// <summary>Throws unless <paramref name="accumulation"/> is a defined <see cref="Accumulation"/> value.</summary>
    public static void Defined(Accumulation accumulation, [CallerArgumentExpression(nameof(accumulation))] string name = "")
    {
        if (accumulation is not (Accumulation.Widened or Accumulation.Strict))
        {
            throw new ArgumentOutOfRangeException(name, accumulation, "Accumulation must be Widened or Strict.");
        }
    }

    /// <summary>Throws unless <paramref name="min"/> &lt;= <paramref name="max"/> and neither is NaN.</summary>
    public static void Range<T>(T min, T max, [CallerArgumentExpression(nameof(min))] string minName = "")
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(min) || T.IsNaN(max) || min > max)
        {
            throw new ArgumentException($"{minName} ({min}) must be less than or equal to max ({max}) and neither may be NaN.", minName);
        }
    }

    /// <summary>Throws unless <typeparamref name="T"/> is <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Supported<T>()
    {
        if (typeof(T) != typeof(Half) && typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            ThrowUnsupported(typeof(T));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnsupported(Type type) =>
        throw new NotSupportedException($"CPU kernels support Half, float and double, not {type.Name}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthMismatch(string name, int length, string referenceName, int referenceLength) =>
        throw new ArgumentException(
            $"Length of {name} ({length}) must equal length of {referenceName} ({referenceLength}).", name);
}
