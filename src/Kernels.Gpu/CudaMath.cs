using ILGPU.Runtime.Cuda;

namespace Kernel.Kernels.Gpu;

/// <summary>FMA for CUDA: the PTX instructions fma.rn.f32 / fma.rn.f64 (IEEE, round to nearest-even, no flush).</summary>
internal readonly struct CudaMath : IDeviceMath
{
    public float Fma(float a, float b, float c)
    {
        CudaAsm.Emit("fma.rn.f32 %0, %1, %2, %3;", out float result, a, b, c);
        return result;
    }

    public double Fma(double a, double b, double c)
    {
        CudaAsm.Emit("fma.rn.f64 %0, %1, %2, %3;", out double result, a, b, c);
        return result;
    }
}
