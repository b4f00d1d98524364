namespace Kernel.Kernels.Gpu;

/// <summary>
/// The operations whose spelling differs between ILGPU backends. ILGPU 1.5.3 maps no .NET method to a fused
/// multiply-add on CUDA, and plain a * b + c may or may not be contracted by ptxas, so GEMM's FMAs go through this.
/// </summary>
internal interface IDeviceMath
{
    /// <summary>a * b + c with one rounding.</summary>
    float Fma(float a, float b, float c);

    /// <summary>a * b + c with one rounding.</summary>
    double Fma(double a, double b, double c);
}
