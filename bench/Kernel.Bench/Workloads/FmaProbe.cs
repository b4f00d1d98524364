using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernel.Bench.Workloads;

/// <summary>
/// Single-core fused multiply-add throughput probe: 12 independent accumulator chains (more than FMA latency times
/// the number of FMA pipes, 4 x 2 on current cores), so the loop is bound by FMA throughput alone. One call does
/// 2 * lanes * 12 * iterations floating-point operations. Measures this CPU's peak, which the nominal clock understates
/// (turbo). Thread-safety: stateless.
/// </summary>
public static class FmaProbe
{
    /// <summary>Independent accumulator chains per iteration.</summary>
    public const int Chains = 12;

    /// <summary>Lanes of the widest accelerated vector of <typeparamref name="T"/> (Vector512 if accelerated, else Vector256).</summary>
    public static int Lanes<T>()
        => Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256<T>.Count;

    /// <summary>Floating-point operations of one <see cref="Run{T}"/> call.</summary>
    public static double Flops<T>(int iterations) => 2.0 * Lanes<T>() * Chains * iterations;

    /// <summary>Runs the probe on the widest accelerated vectors; returns a value that depends on every chain.</summary>
    public static T Run<T>(int iterations)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"the FMA probe runs in float or double, not {typeof(T).Name}.");
        }

        return Vector512.IsHardwareAccelerated ? Probe512<T>(iterations) : Probe256<T>(iterations);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Probe512<T>(int n)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Vector512<T> x = Vector512.Create(T.CreateTruncating(0.999)), y = Vector512.Create(T.CreateTruncating(1e-7));
        Vector512<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (int i = 0; i < n; i++)
        {
            a0 = Fma(a0, x, y);
            a1 = Fma(a1, x, y);
            a2 = Fma(a2, x, y);
            a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y);
            a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y);
            a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y);
            a9 = Fma(a9, x, y);
            a10 = Fma(a10, x, y);
            a11 = Fma(a11, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T Probe256<T>(int n)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Vector256<T> x = Vector256.Create(T.CreateTruncating(0.999)), y = Vector256.Create(T.CreateTruncating(1e-7));
        Vector256<T> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (int i = 0; i < n; i++)
        {
            a0 = Fma(a0, x, y);
            a1 = Fma(a1, x, y);
            a2 = Fma(a2, x, y);
            a3 = Fma(a3, x, y);
            a4 = Fma(a4, x, y);
            a5 = Fma(a5, x, y);
            a6 = Fma(a6, x, y);
            a7 = Fma(a7, x, y);
            a8 = Fma(a8, x, y);
            a9 = Fma(a9, x, y);
            a10 = Fma(a10, x, y);
            a11 = Fma(a11, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    // The typeof tests are constants in each instantiation, so the JIT keeps one FMA instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) => typeof(T) == typeof(float)
        ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) => typeof(T) == typeof(float)
        ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}
