namespace Kernel.Kernels;

/// <summary>Whether a GEMM operand is used as stored (<see cref="None"/>) or transposed.</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    None = 0,

    /// <summary>op(X) = X^T.</summary>
    Transposed = 1,
}
