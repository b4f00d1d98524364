using System.Reflection;
using System.Runtime.CompilerServices;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>Host-side helpers: closing generic kernel methods over their type arguments, and scalar conversions.</summary>
internal static class KernelMethods
{
    /// <summary>The static method <paramref name="name"/> of <paramref name="owner"/> (closed over the type arguments if any), as a delegate.</summary>
    public static TDelegate Create<TDelegate>(Type owner, string name, params Type[] typeArguments)
        where TDelegate : Delegate
    {
        MethodInfo method = owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(owner.FullName, name);
        return (typeArguments.Length == 0 ? method : method.MakeGenericMethod(typeArguments)).CreateDelegate<TDelegate>();
    }

    /// <summary>A float, double or ILGPU Half value as the double it equals (exact).</summary>
    public static double ToDouble<T>(T value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref value);
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<T, double>(ref value);
        }

        if (typeof(T) == typeof(IlgpuHalf))
        {
            return HalfBits.Widen(Unsafe.As<T, IlgpuHalf>(ref value));
        }

        GpuDevice.CodecOf<T>(); // throws the unsupported-type error
        return double.NaN;
    }

    /// <summary>A double rounded to T (for Half: through float, ties to even).</summary>
    public static T FromDouble<T>(double value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = (float)value;
            return Unsafe.As<float, T>(ref f);
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<double, T>(ref value);
        }

        IlgpuHalf h = HalfBits.Round((float)value);
        GpuDevice.CodecOf<T>();
        return Unsafe.As<IlgpuHalf, T>(ref h);
    }
}
