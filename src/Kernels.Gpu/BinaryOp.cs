namespace Kernel.Kernels.Gpu;

/// <summary>
/// Elementwise functions of two inputs (x, y), with the semantics of the same-named <c>Kernel.Kernels.Cpu.Elementwise</c>
/// methods. For the backward rules x is the forward input or output named there and y the output gradient.
/// </summary>
public enum BinaryOp
{
    /// <summary>x + y.</summary>
    Add = 0,

    /// <summary>x - y.</summary>
    Subtract = 1,

    /// <summary>x * y.</summary>
    Multiply = 2,

    /// <summary>x / y.</summary>
    Divide = 3,

    /// <summary>IEEE 754:2019 minimum: NaN propagates, -0 &lt; +0.</summary>
    Min = 4,

    /// <summary>IEEE 754:2019 maximum: NaN propagates, +0 &gt; -0.</summary>
    Max = 5,

    /// <summary>y * sech^2(x) with x = tanh input (in double, rounded once; the host's float kernel stays in float, within 4 ulps).</summary>
    TanhBackward = 6,

    /// <summary>y * sigmoid(x) sigmoid(-x) with x = sigmoid input (in double, rounded once).</summary>
    SigmoidBackward = 7,

    /// <summary>x &gt; 0 ? y : 0 with x = relu input.</summary>
    ReluBackward = 8,

    /// <summary>y * silu'(x) with x = silu input (in double, rounded once); the slope's limits at ±inf are 1 and 0.</summary>
    SiluBackward = 9,

    /// <summary>1 where x &gt; y, else 0.</summary>
    GreaterMask = 10,

    /// <summary>1 where x == y, else 0.</summary>
    EqualMask = 11,
}
