namespace Kernel.Kernels.Gpu;

/// <summary>Elementwise functions of one input and a constant s.</summary>
public enum ScalarOp
{
    /// <summary>x + s.</summary>
    Add = 0,

    /// <summary>x * s.</summary>
    Multiply = 1,

    /// <summary>x^s with the special cases of <c>Pow</c> (x^0 = 1 even for NaN x).</summary>
    Power = 2,
}
