using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using C = Kernel.Kernels.Cpu.SingleLaneConstants;

namespace Kernel.Kernels.Cpu;

/// <summary>
/// The float tanh and sech^2 kernels of <see cref="LaneMath"/> on 512-bit vectors, for cores with AVX-512: the same
/// operations lane by lane with the same constants (<see cref="SingleLaneConstants"/>), so the same bits, 16 floats per
/// step instead of Vector&lt;float&gt;'s 8 (Vector&lt;T&gt; stays 256-bit on AVX-512 hardware). Both are bound by
/// arithmetic, not memory, so a core that runs 512-bit operations at full rate does them in about 60% of the time.
/// The formulas and their accuracy are documented on <see cref="LaneMath"/>'s TanhSingle and SechSquaredSingle.
/// </summary>
internal static class WideLaneMath
{
    /// <summary>tanh in float (<see cref="LaneMath"/>'s TanhSingle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> z = a * a;
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(C.TanhQ4), z, Vector512.Create(C.TanhQ3));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(C.TanhQ2));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(C.TanhQ1));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(C.TanhQ0));
        Vector512<float> small = Vector512.FusedMultiplyAdd(a * z, q, a);

        Vector512<float> y = Vector512.MinNative(a + a, Vector512.Create(C.TanhExpCap));
        Vector512<float> k = Vector512.Round(y * Vector512.Create(C.Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(k, Vector512.Create(C.MinusLn2High), y);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(C.MinusLn2Low), r);
        Vector512<float> expR = ExpReduced(r);
        Vector512<float> e = (expR.AsInt32() + Vector512.ShiftLeft(Vector512.ConvertToInt32(k), 23)).AsSingle();
        Vector512<float> large = Vector512<float>.One - (Vector512.Create(2f) / (e + Vector512<float>.One));

        Vector512<float> magnitude = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(C.TanhSmall)), small, large);
        Vector512<float> signed = (magnitude.AsUInt32() | (x.AsUInt32() & Vector512.Create(0x8000_0000u))).AsSingle();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), signed, x);
    }

    /// <summary>sech^2(x) in float (<see cref="LaneMath"/>'s SechSquaredSingle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SechSquared(Vector512<float> x)
    {
        Vector512<float> v = Vector512.Abs(x) * Vector512.Create(-2f);
        Vector512<float> clamped = Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512.Create(C.SechFloor)), Vector512.Create(C.SechFloor), v);
        Vector512<float> k = Vector512.Round(clamped * Vector512.Create(C.Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(k, Vector512.Create(C.MinusLn2High), clamped);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(C.MinusLn2Low), r);
        Vector512<float> expR = ExpReduced(r);
        Vector512<float> scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(k) + Vector512.Create(C.SechExponentBias), 23).AsSingle();
        Vector512<float> f = expR * scale * Vector512.Create(C.SechUnscale);
        Vector512<float> d = Vector512.FusedMultiplyAdd(f, Vector512.Create(0.25f), Vector512<float>.One);
        Vector512<float> result = Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512.Create(C.SechZeroBelow)), Vector512<float>.Zero, f / (d * d));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>exp(r) for |r| &lt;= ln 2 / 2 (<see cref="LaneMath"/>'s ExpReduced).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpReduced(Vector512<float> r)
    {
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(C.ExpP5), r, Vector512.Create(C.ExpP4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C.ExpP3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C.ExpP2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C.ExpP1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        return Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
    }
}
