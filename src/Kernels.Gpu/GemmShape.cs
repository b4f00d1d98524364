namespace Kernel.Kernels.Gpu;

/// <summary>The scalar arguments of one GEMM launch (a kernel parameter, so a plain unmanaged struct).</summary>
internal struct GemmShape
{
    public int M;
    public int N;
    public int K;
    public int Lda;
    public int Ldb;
    public int Ldc;

    /// <summary>1 when A is stored k x m.</summary>
    public int TransA;

    /// <summary>1 when B is stored n x k.</summary>
    public int TransB;

    /// <summary>1 for fp16 with <see cref="Accumulation.Strict"/>: round the running sum to fp16 after every FMA.</summary>
    public int Strict;

    /// <summary>1 for fp16 with <see cref="Accumulation.Widened"/>: accumulate in fp32 and apply alpha and beta once at the end.</summary>
    public int Widened;

    /// <summary>1 when k == 0 or alpha == 0: C = beta * C without reading A or B.</summary>
    public int SkipProduct;

    public double Alpha;
    public double Beta;
}
