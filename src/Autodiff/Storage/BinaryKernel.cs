namespace Kernel.Autodiff.Storage;

/// <summary>Elementwise kernels of two inputs (x, y) that a backend provides.</summary>
public enum BinaryKernel
{
    /// <summary>x + y.</summary>
    Add,
    /// <summary>x - y.</summary>
    Subtract,
    /// <summary>x * y.</summary>
    Multiply,
    /// <summary>x / y.</summary>
    Divide,
    /// <summary>min(x, y), NaN-propagating.</summary>
    Min,
    /// <summary>max(x, y), NaN-propagating.</summary>
    Max,
    /// <summary>y * (1 - x^2) with x = tanh output, y = output gradient.</summary>
    TanhBackward,
    /// <summary>y * x * (1 - x) with x = sigmoid output, y = output gradient.</summary>
    SigmoidBackward,
    /// <summary>x &gt; 0 ? y : 0 with x = relu input, y = output gradient.</summary>
    ReluBackward,
    /// <summary>y * silu'(x) with x = silu input, y = output gradient.</summary>
    SiluBackward,
    /// <summary>1 where x &gt; y, else 0.</summary>
    GreaterMask,
    /// <summary>1 where x == y, else 0.</summary>
    EqualMask,
}
