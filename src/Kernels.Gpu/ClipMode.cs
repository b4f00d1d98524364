namespace Kernel.Kernels.Gpu;

/// <summary>Which clipped policy objective <see cref="GpuPolicyKernels.ClippedObjective{T}"/> computes.</summary>
public enum ClipMode
{
    /// <summary>PPO (paper 000 eq 11): min(r A, clip(r, 1 - eps, 1 + eps) A) with r = exp(logp_new - logp_old).</summary>
    Ratio = 0,

    /// <summary>CPG (paper 000 eq 15): min(l A, clip(l, log(1 - eps), log(1 + eps)) A) with l = logp_new - logp_old.</summary>
    LogRatio = 1,
}
