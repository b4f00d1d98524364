namespace Kernel.Bench.Harness;

/// <summary>
/// The deterministic inputs every contender fills its tensors with, so their results can be compared: element i of
/// stream s is ((i * 7919 + s * 104729 + 13) mod 2003) / 1001 - 1, a value in [-1, 1.001) made by integer arithmetic
/// and one correctly rounded division and subtraction in fp64, hence bit-identical in C# and Python. Multiplying by a
/// scale and rounding to fp32 are correctly rounded too. bench/peers/pytorch_bench.py carries the same formula.
/// Thread-safety: stateless.
/// </summary>
public static class FixedInputs
{
    /// <summary>Element <paramref name="index"/> of stream <paramref name="stream"/>, in [-1, 1.001).</summary>
    public static double Value(long index, int stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(stream);
        long residue = ((index * 7919) + (stream * 104729L) + 13) % 2003;
        return (residue / 1001.0) - 1.0;
    }

    /// <summary><paramref name="count"/> values of a stream times <paramref name="scale"/>, in fp64.</summary>
    public static double[] Doubles(int count, int stream, double scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Value(i, stream) * scale;
        }

        return values;
    }

    /// <summary>The same values rounded once to <typeparamref name="T"/>.</summary>
    public static T[] Values<T>(int count, int stream, double scale = 1)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        double[] doubles = Doubles(count, stream, scale);
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = T.CreateTruncating(doubles[i]);
        }

        return values;
    }
}
