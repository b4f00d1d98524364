using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// A list of parameters seen as one flat vector (in list order, each tensor row-major): what natural-gradient
/// methods read, solve for and step along. Allocates nothing. Thread-safety: call on the thread that owns the
/// parameters' tape.
/// </summary>
public static class ParameterVector
{
    /// <summary>The total number of elements.</summary>
    public static int Length<T>(IReadOnlyList<NamedParameter<T>> parameters)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int length = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            length += parameters[i].Tensor.Length;
        }

        return length;
    }

    /// <summary>Copies the parameters' values into <paramref name="destination"/> (length <see cref="Length{T}"/>).</summary>
    public static void CopyValues<T>(IReadOnlyList<NamedParameter<T>> parameters, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Gather(parameters, destination, gradients: false);

    /// <summary>Overwrites the parameters' values with <paramref name="source"/> (length <see cref="Length{T}"/>), bit for bit.</summary>
    public static void SetValues<T>(IReadOnlyList<NamedParameter<T>> parameters, ReadOnlySpan<T> source)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLength(parameters, source.Length, nameof(source));
        int offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor<T> parameter = parameters[i].Tensor;
            parameter.SetValues(source.Slice(offset, parameter.Length)); // an upload when the tape runs on a device
            offset += parameter.Length;
        }
    }

    /// <summary>Copies the gradients accumulated in the parameters (<see cref="Tape{T}.AccumulatedGradient"/>) into <paramref name="destination"/>.</summary>
    public static void CopyGradients<T>(IReadOnlyList<NamedParameter<T>> parameters, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Gather(parameters, destination, gradients: true);

    /// <summary>Copies each parameter's values, or its gradient, into its slice of <paramref name="destination"/>.</summary>
    private static void Gather<T>(IReadOnlyList<NamedParameter<T>> parameters, Span<T> destination, bool gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLength(parameters, destination.Length, nameof(destination));
        int offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor<T> parameter = parameters[i].Tensor;
            ReadOnlySpan<T> values = gradients ? parameter.Tape.AccumulatedGradient(parameter).Values : parameter.Values;
            values.CopyTo(destination.Slice(offset, values.Length));
            offset += values.Length;
        }
    }

    private static void CheckLength<T>(IReadOnlyList<NamedParameter<T>> parameters, int length, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int expected = Length(parameters);
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} elements; the parameters have {expected}.", name);
        }
    }
}
