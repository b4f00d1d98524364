namespace Kernel.Kernels.Gpu;

/// <summary>FMA for ILGPU's CPU accelerator, which runs kernels as .NET code: the runtime's correctly rounded FMA.</summary>
internal readonly struct HostMath : IDeviceMath
{
    public float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    public double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
}
