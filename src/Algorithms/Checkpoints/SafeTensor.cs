using System.Runtime.InteropServices;

namespace Kernel.Algorithms.Checkpoints;

/// <summary>
/// One named tensor of a safetensors file: its element type, shape and little-endian bytes. Factories copy from
/// typed spans; readers check the element type and element count and say which tensor is wrong.
/// The bytes are not copied by the constructor: treat an instance as immutable.
/// </summary>
/// <param name="Name">The key in the file's header.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="Data">Elements, little-endian, row-major.</param>
public sealed record SafeTensor(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data)
{
    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F16 => 2,
        SafeTensorsDType.F32 => 4,
        SafeTensorsDType.Bool => 1,
        _ => 8,
    };

    /// <summary>Elements the shape holds (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>A tensor of <typeparamref name="TElement"/> values (Half, float, double, long or ulong) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape does not hold <paramref name="values"/>.Length elements.</exception>
    public static SafeTensor From<TElement>(string name, ReadOnlySpan<TElement> values, params long[] shape)
        where TElement : unmanaged
    {
        SafeTensorsDType dtype = DTypeOf<TElement>();
        long count = shape.Aggregate(1L, (product, dimension) => product * dimension);
        if (count != values.Length)
        {
            throw new ArgumentException($"tensor {name}: shape [{string.Join(", ", shape)}] holds {count} elements, not {values.Length}.", nameof(shape));
        }

        return new SafeTensor(name, dtype, shape, LittleEndianBytes(values));
    }

    /// <summary>A vector of flags stored as bytes 0/1.</summary>
    public static SafeTensor FromFlags(string name, ReadOnlySpan<bool> flags)
    {
        var bytes = new byte[flags.Length];
        for (int i = 0; i < flags.Length; i++)
        {
            bytes[i] = flags[i] ? (byte)1 : (byte)0;
        }

        return new SafeTensor(name, SafeTensorsDType.Bool, [flags.Length], bytes);
    }

    /// <summary>The elements as <typeparamref name="TElement"/>, after checking the element type and the count.</summary>
    /// <exception cref="InvalidDataException">The tensor holds another element type or another number of elements.</exception>
    public TElement[] As<TElement>(long expectedCount)
        where TElement : unmanaged
    {
        SafeTensorsDType expected = DTypeOf<TElement>();
        if (DType != expected)
        {
            throw new InvalidDataException($"checkpoint tensor {Name} holds {DType} elements; this run needs {expected}.");
        }

        RequireCount(expectedCount);
        RequireLittleEndian();
        return MemoryMarshal.Cast<byte, TElement>(Data).ToArray();
    }

    /// <summary>The flags, after checking the element type and the count.</summary>
    /// <exception cref="InvalidDataException">Another element type, count, or a byte other than 0 and 1.</exception>
    public bool[] AsFlags(long expectedCount)
    {
        if (DType != SafeTensorsDType.Bool)
        {
            throw new InvalidDataException($"checkpoint tensor {Name} holds {DType} elements; flags are BOOL.");
        }

        RequireCount(expectedCount);
        var flags = new bool[Data.Length];
        for (int i = 0; i < Data.Length; i++)
        {
            flags[i] = Data[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new InvalidDataException($"checkpoint tensor {Name}[{i}] = {Data[i]}; a BOOL byte must be 0 or 1."),
            };
        }

        return flags;
    }

    private void RequireCount(long expectedCount)
    {
        if (ElementCount != expectedCount)
        {
            throw new InvalidDataException($"checkpoint tensor {Name} has shape [{string.Join(", ", Shape)}] ({ElementCount} elements); this run needs {expectedCount}.");
        }
    }

    private static SafeTensorsDType DTypeOf<TElement>()
        where TElement : unmanaged
    {
        Type type = typeof(TElement);
        return type == typeof(Half) ? SafeTensorsDType.F16
            : type == typeof(float) ? SafeTensorsDType.F32
            : type == typeof(double) ? SafeTensorsDType.F64
            : type == typeof(long) ? SafeTensorsDType.I64
            : type == typeof(ulong) ? SafeTensorsDType.U64
            : throw new NotSupportedException($"{type.Name} is not a checkpoint element type (Half, float, double, long, ulong).");
    }

    private static byte[] LittleEndianBytes<TElement>(ReadOnlySpan<TElement> values)
        where TElement : unmanaged
    {
        RequireLittleEndian();
        return MemoryMarshal.AsBytes(values).ToArray();
    }

    // safetensors stores little-endian bytes; reinterpreting memory is only right on a little-endian machine.
    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("checkpoints are little-endian; this machine is big-endian.");
        }
    }
}
