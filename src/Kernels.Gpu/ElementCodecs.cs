using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu;

// The three element codecs that kernels are instantiated with (one concept: how each precision is stored).

/// <summary>float elements, computed in float.</summary>
internal readonly struct SingleCodec : IElementCodec<float>
{
    public bool IsDouble => false;

    public float ToSingle(float value) => value;

    public float FromSingle(float value) => value;

    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;
}

/// <summary>double elements, computed in double.</summary>
internal readonly struct DoubleCodec : IElementCodec<double>
{
    public bool IsDouble => true;

    public float ToSingle(double value) => (float)value;

    public double FromSingle(float value) => value;

    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;
}

/// <summary>ILGPU Half elements, computed in float and rounded once to nearest-even.</summary>
internal readonly struct HalfCodec : IElementCodec<IlgpuHalf>
{
    public bool IsDouble => false;

    public float ToSingle(IlgpuHalf value) => HalfBits.Widen(value);

    public IlgpuHalf FromSingle(float value) => HalfBits.Round(value);

    public double ToDouble(IlgpuHalf value) => HalfBits.Widen(value);

    public IlgpuHalf FromDouble(double value) => HalfBits.Round((float)value);
}
