namespace Kernel.Autodiff.Storage;

/// <summary>Elementwise kernels of one input that a backend provides.</summary>
public enum UnaryKernel
{
    /// <summary>-x.</summary>
    Negate,
    /// <summary>e^x.</summary>
    Exp,
    /// <summary>ln x.</summary>
    Log,
    /// <summary>tanh x.</summary>
    Tanh,
    /// <summary>1 / (1 + e^-x), stable at both ends.</summary>
    Sigmoid,
    /// <summary>ln(1 + e^x) in the stable form max(x, 0) + log1p(e^-|x|).</summary>
    Softplus,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>x * sigmoid(x).</summary>
    Silu,
    /// <summary>x^2.</summary>
    Square,
    /// <summary>sqrt x.</summary>
    Sqrt,
}
