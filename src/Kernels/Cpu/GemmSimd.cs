using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Kernels.Cpu;

/// <summary>Generic fused multiply-add and C-tile merge helpers shared by the SIMD micro-kernels (float and double).</summary>
internal static class GemmSimd
{
    /// <summary>a * b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>a * b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        throw new NotSupportedException();
    }

    /// <summary>Merges two accumulator vectors into a C row: c = fma(ab, alpha, beta * c), or ab * alpha when C is not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void MergeRow<T>(T* c, Vector256<T> ab0, Vector256<T> ab1, Vector256<T> alpha, Vector256<T> beta, bool readC)
        where T : unmanaged
    {
        T* c1 = c + Vector256<T>.Count;
        if (readC)
        {
            Vector256.Store(Fma(ab0, alpha, beta * Vector256.Load(c)), c);
            Vector256.Store(Fma(ab1, alpha, beta * Vector256.Load(c1)), c1);
        }
        else
        {
            Vector256.Store(ab0 * alpha, c);
            Vector256.Store(ab1 * alpha, c1);
        }
    }

    /// <summary>Merges two accumulator vectors into a C row: c = fma(ab, alpha, beta * c), or ab * alpha when C is not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void MergeRow<T>(T* c, Vector512<T> ab0, Vector512<T> ab1, Vector512<T> alpha, Vector512<T> beta, bool readC)
        where T : unmanaged
    {
        T* c1 = c + Vector512<T>.Count;
        if (readC)
        {
            Vector512.Store(Fma(ab0, alpha, beta * Vector512.Load(c)), c);
            Vector512.Store(Fma(ab1, alpha, beta * Vector512.Load(c1)), c1);
        }
        else
        {
            Vector512.Store(ab0 * alpha, c);
            Vector512.Store(ab1 * alpha, c1);
        }
    }

    /// <summary>One element of C: fma(sum, alpha, beta * c), or sum * alpha when C is not read; the scalar form of MergeRow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Merge<T>(T sum, T alpha, T beta, T c, bool readC)
        where T : IBinaryFloatingPointIeee754<T>
        => readC ? T.FusedMultiplyAdd(sum, alpha, beta * c) : sum * alpha;
}
