namespace Kernel.Kernels.Gpu;

/// <summary>
/// Elementwise functions of one input, with the semantics of the same-named <c>Kernel.Kernels.Cpu.Elementwise</c>
/// methods (special values included).
/// </summary>
public enum UnaryOp
{
    /// <summary>-x.</summary>
    Negate = 0,

    /// <summary>|x|.</summary>
    Abs = 1,

    /// <summary>e^x (float: computed in double and rounded once).</summary>
    Exp = 2,

    /// <summary>ln x (float: computed in double and rounded once).</summary>
    Log = 3,

    /// <summary>tanh x (float: computed in double and rounded once).</summary>
    Tanh = 4,

    /// <summary>1 / (1 + e^-x) from e^-|x|, never overflowing.</summary>
    Sigmoid = 5,

    /// <summary>max(x, 0) + log1p(e^-|x|).</summary>
    Softplus = 6,

    /// <summary>x &gt; 0 ? x : 0 (NaN stays NaN).</summary>
    Relu = 7,

    /// <summary>x * sigmoid(x); -inf gives -0.</summary>
    Silu = 8,

    /// <summary>x * x.</summary>
    Square = 9,

    /// <summary>sqrt x, correctly rounded.</summary>
    Sqrt = 10,

    /// <summary>silu''(x) = s(1 - s)(2 + x(1 - 2s)); ±inf gives 0.</summary>
    SiluSecondDerivative = 11,

    /// <summary>1 where x &gt; 0, else 0.</summary>
    PositiveMask = 12,
}
