using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernel.Kernels.Cpu;

/// <summary>Vectorised building blocks for float and double lanes (the JIT removes the branch not taken).</summary>
internal static class LaneMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.Exp(x.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.Exp(x.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.Log(x.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.Log(x.As<T, double>()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>log(1 + u) for u in [0, 1] (or NaN), accurate for tiny u: log(w) * u / (w - 1) with w = 1 + u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log1pUnit<T>(Vector<T> u)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> one = Vector<T>.One;
        Vector<T> w = one + u;
        Vector<T> wMinusOne = w - one;
        Vector<T> general = Log(w) * (u / wMinusOne);
        return Vector.ConditionalSelect(Vector.Equals(wMinusOne, Vector<T>.Zero), u, general);
    }

    /// <summary>
    /// Stable logistic parts: s = sigmoid(x) and 1 - s, each computed without cancellation from e = exp(-|x|)
    /// (never overflows). NaN gives NaN in both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Logistic<T>(Vector<T> x, out Vector<T> sigmoid, out Vector<T> oneMinusSigmoid, out Vector<T> expNegAbs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector<T> e = Exp(-Vector.Abs(x));
        Vector<T> d = Vector<T>.One + e;
        Vector<T> big = Vector<T>.One / d;
        Vector<T> small = e / d;
        Vector<T> nonNegative = Vector.GreaterThanOrEqual(x, Vector<T>.Zero);
        sigmoid = Vector.ConditionalSelect(nonNegative, big, small);
        oneMinusSigmoid = Vector.ConditionalSelect(nonNegative, small, big);
        expNegAbs = e;
    }
}
