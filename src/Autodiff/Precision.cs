namespace Kernel.Autodiff;

/// <summary>Facts about the three supported element types: name, largest finite value, smallest normal.</summary>
public static class Precision
{
    /// <summary>"fp16", "fp32" or "fp64".</summary>
    public static string NameOf<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            return "fp16";
        }

        return typeof(T) == typeof(float) ? "fp32" : "fp64";
    }

    /// <summary>The largest finite value of <typeparamref name="T"/> (65504 for fp16).</summary>
    public static double MaxValueOf<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            return (double)Half.MaxValue;
        }

        return typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue;
    }

    /// <summary>The smallest positive normal value of <typeparamref name="T"/> (2^-14 for fp16, 2^-126 for fp32, 2^-1022 for fp64).</summary>
    public static double SmallestNormalOf<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(Half))
        {
            return Math.ScaleB(1.0, -14);
        }

        return typeof(T) == typeof(float) ? Math.ScaleB(1.0, -126) : Math.ScaleB(1.0, -1022);
    }
}
