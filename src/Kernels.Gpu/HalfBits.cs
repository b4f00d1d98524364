using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// IEEE binary16 conversions written with integer operations only, so they run identically in every ILGPU backend.
/// NOTE: ILGPU's own float-to-Half cast truncates on its CPU accelerator (a table method) but rounds to nearest on
/// CUDA (cvt.rn); System.Half rounds to nearest-even. These helpers round to nearest-even everywhere, matching the
/// CPU kernels bit for bit.
/// </summary>
internal static class HalfBits
{
    /// <summary>The binary16 bit pattern nearest to <paramref name="value"/> (ties to even; NaN stays NaN, quiet).</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = ILGPU.Interop.FloatAsInt(value);
        uint sign = (bits >> 16) & 0x8000u;
        uint magnitude = bits & 0x7FFF_FFFFu;
        if (magnitude > 0x7F80_0000u)
        {
            // NaN: keep the top payload bits and set the quiet bit, as System.Half does.
            return (ushort)(sign | 0x7E00u | ((magnitude >> 13) & 0x03FFu));
        }

        if (magnitude >= 0x477F_F000u)
        {
            return (ushort)(sign | 0x7C00u); // >= 65520 rounds to infinity (and infinity stays)
        }

        if (magnitude >= 0x3880_0000u)
        {
            // Normal binary16: rebias the exponent (127 -> 15) and round the 13 dropped bits to nearest-even.
            uint rebased = magnitude - 0x3800_0000u;
            return (ushort)(sign | ((rebased + 0x0FFFu + ((rebased >> 13) & 1u)) >> 13));
        }

        if (magnitude <= 0x3300_0000u)
        {
            return (ushort)sign; // |value| <= 2^-25 rounds to zero (2^-25 itself is a tie that goes to the even 0)
        }

        // Subnormal binary16: units of 2^-24. value = significand * 2^(exponent - 150) = (significand >> shift) units.
        int exponent = (int)(magnitude >> 23);
        uint significand = (magnitude & 0x007F_FFFFu) | 0x0080_0000u;
        int shift = 126 - exponent;
        uint units = significand >> shift;
        uint remainder = significand & ((1u << shift) - 1u);
        uint halfway = 1u << (shift - 1);
        if (remainder > halfway || (remainder == halfway && (units & 1u) != 0))
        {
            units++;
        }

        return (ushort)(sign | units);
    }

    /// <summary>The float equal to the binary16 pattern <paramref name="bits"/> (exact).</summary>
    public static float ToSingle(ushort bits)
    {
        uint sign = (uint)(bits & 0x8000) << 16;
        uint exponent = (uint)(bits >> 10) & 0x1Fu;
        uint mantissa = bits & 0x03FFu;
        if (exponent == 0x1Fu)
        {
            return ILGPU.Interop.IntAsFloat(sign | 0x7F80_0000u | (mantissa << 13));
        }

        if (exponent != 0)
        {
            return ILGPU.Interop.IntAsFloat(sign | ((exponent + 112u) << 23) | (mantissa << 13));
        }

        // Zero or subnormal: mantissa * 2^-24 is exact in float.
        float magnitude = mantissa * 5.9604644775390625e-8f;
        return ILGPU.Interop.IntAsFloat(sign | ILGPU.Interop.FloatAsInt(magnitude));
    }

    /// <summary>Rounds to the nearest <see cref="IlgpuHalf"/> (ties to even).</summary>
    public static IlgpuHalf Round(float value) => ILGPU.Interop.IntAsFloat(FromSingle(value));

    /// <summary>Widens exactly to float.</summary>
    public static float Widen(IlgpuHalf value) => ToSingle(ILGPU.Interop.FloatAsInt(value));
}
