namespace Kernel.Kernels.Gpu;

/// <summary>
/// The scalar arithmetic of every elementwise kernel, in float and in double, written to repeat the CPU kernels'
/// formulas step by step (same operations, same order) so results agree bit for bit where the math library agrees.
/// float transcendental functions are computed in double and rounded once, as the CPU kernels do. Op codes are the
/// <see cref="UnaryOp"/>, <see cref="BinaryOp"/> and <see cref="ScalarOp"/> values; an unknown code gives NaN (the
/// host API validates codes before launching).
/// </summary>
internal static class ElementMath
{
    public static float Unary(int op, float x)
    {
        switch (op)
        {
            case (int)UnaryOp.Negate: return -x;
            case (int)UnaryOp.Abs: return Math.Abs(x);
            case (int)UnaryOp.Exp: return ExpF(x);
            case (int)UnaryOp.Log: return LogF(x);
            case (int)UnaryOp.Tanh: return (float)Math.Tanh(x);
            // sigmoid, softplus and silu compute in double and round once, as the host does.
            case (int)UnaryOp.Sigmoid:
            case (int)UnaryOp.Softplus: return (float)Unary(op, (double)x);
            case (int)UnaryOp.Relu: return x > 0f || float.IsNaN(x) ? x : 0f;
            case (int)UnaryOp.Silu: return (float)Unary(op, (double)x);
            case (int)UnaryOp.Square: return x * x;
            case (int)UnaryOp.Sqrt: return MathF.Sqrt(x);
            case (int)UnaryOp.SiluSecondDerivative:
                {
                    float e = ExpF(-Math.Abs(x));
                    float d = 1f + e;
                    float curvature = e / (d * d);
                    float bracket = 2f - (Math.Abs(x) * ((1f - e) / d));
                    return float.IsInfinity(x) ? 0f : curvature * bracket;
                }

            case (int)UnaryOp.PositiveMask: return x > 0f ? 1f : 0f;
            default: return float.NaN;
        }
    }

    public static double Unary(int op, double x)
    {
        switch (op)
        {
            case (int)UnaryOp.Negate: return -x;
            case (int)UnaryOp.Abs: return Math.Abs(x);
            case (int)UnaryOp.Exp: return Math.Exp(x);
            case (int)UnaryOp.Log: return Math.Log(x);
            case (int)UnaryOp.Tanh: return Math.Tanh(x);
            case (int)UnaryOp.Sigmoid: return SigmoidD(x);
            case (int)UnaryOp.Softplus:
                {
                    double positivePart = x > 0.0 ? x : 0.0;
                    double u = Math.Exp(-Math.Abs(x));
                    double w = 1.0 + u;
                    double wMinusOne = w - 1.0;
                    double log1p = wMinusOne == 0.0 ? u : Math.Log(w) * (u / wMinusOne);
                    return positivePart + log1p;
                }

            case (int)UnaryOp.Relu: return x > 0.0 || double.IsNaN(x) ? x : 0.0;
            case (int)UnaryOp.Silu: return double.IsNegativeInfinity(x) ? -0.0 : x * SigmoidD(x);
            case (int)UnaryOp.Square: return x * x;
            case (int)UnaryOp.Sqrt: return Math.Sqrt(x);
            case (int)UnaryOp.SiluSecondDerivative:
                {
                    double e = Math.Exp(-Math.Abs(x));
                    double d = 1.0 + e;
                    double curvature = e / (d * d);
                    double bracket = 2.0 - (Math.Abs(x) * ((1.0 - e) / d));
                    return double.IsInfinity(x) ? 0.0 : curvature * bracket;
                }

            case (int)UnaryOp.PositiveMask: return x > 0.0 ? 1.0 : 0.0;
            default: return double.NaN;
        }
    }

    public static float Binary(int op, float x, float y)
    {
        switch (op)
        {
            case (int)BinaryOp.Add: return x + y;
            case (int)BinaryOp.Subtract: return x - y;
            case (int)BinaryOp.Multiply: return x * y;
            case (int)BinaryOp.Divide: return x / y;
            case (int)BinaryOp.Min: return MinimumF(x, y);
            case (int)BinaryOp.Max: return MaximumF(x, y);
            // The derivatives compute in double and round once, as the host kernels do.
            case (int)BinaryOp.TanhBackward:
            case (int)BinaryOp.SigmoidBackward:
            case (int)BinaryOp.SiluBackward: return (float)Binary(op, (double)x, (double)y);
            case (int)BinaryOp.ReluBackward: return x > 0f ? y : 0f;

            case (int)BinaryOp.GreaterMask: return x > y ? 1f : 0f;
            case (int)BinaryOp.EqualMask: return x == y ? 1f : 0f;
            default: return float.NaN;
        }
    }

    public static double Binary(int op, double x, double y)
    {
        switch (op)
        {
            case (int)BinaryOp.Add: return x + y;
            case (int)BinaryOp.Subtract: return x - y;
            case (int)BinaryOp.Multiply: return x * y;
            case (int)BinaryOp.Divide: return x / y;
            case (int)BinaryOp.Min: return MinimumD(x, y);
            case (int)BinaryOp.Max: return MaximumD(x, y);
            case (int)BinaryOp.TanhBackward:
                {
                    // sech^2(x) = 4e / (1 + e)^2, e = exp(-2|x|): no cancellation, no overflow.
                    double e = Math.Exp(-2.0 * Math.Abs(x));
                    double d = 1.0 + e;
                    return y * (4.0 * e / (d * d));
                }

            case (int)BinaryOp.SigmoidBackward:
                {
                    // sigmoid(x) sigmoid(-x) = e / (1 + e)^2, e = exp(-|x|).
                    double e = Math.Exp(-Math.Abs(x));
                    double d = 1.0 + e;
                    return y * (e / (d * d));
                }

            case (int)BinaryOp.ReluBackward: return x > 0.0 ? y : 0.0;
            case (int)BinaryOp.SiluBackward:
                {
                    double e = Math.Exp(-Math.Abs(x));
                    double d = 1.0 + e;
                    double big = 1.0 / d;
                    double small = e / d;
                    bool nonNegative = x >= 0.0;
                    double s = nonNegative ? big : small;
                    double oneMinusS = nonNegative ? small : big;
                    double slope = s * (1.0 + (x * oneMinusS));
                    double limit = x > 0.0 ? 1.0 : 0.0;
                    return y * (double.IsInfinity(x) ? limit : slope);
                }

            case (int)BinaryOp.GreaterMask: return x > y ? 1.0 : 0.0;
            case (int)BinaryOp.EqualMask: return x == y ? 1.0 : 0.0;
            default: return double.NaN;
        }
    }

    public static float Scalar(int op, float x, float s) => op switch
    {
        (int)ScalarOp.Add => x + s,
        (int)ScalarOp.Multiply => x * s,
        (int)ScalarOp.Power => MathF.Pow(x, s),
        _ => float.NaN,
    };

    public static double Scalar(int op, double x, double s) => op switch
    {
        (int)ScalarOp.Add => x + s,
        (int)ScalarOp.Multiply => x * s,
        (int)ScalarOp.Power => Math.Pow(x, s),
        _ => double.NaN,
    };

    /// <summary>e^x for float, computed in double and rounded once (the CPU kernels' rule).</summary>
    public static float ExpF(float x) => (float)Math.Exp(x);

    /// <summary>ln x for float, computed in double and rounded once.</summary>
    public static float LogF(float x) => (float)Math.Log(x);

    /// <summary>IEEE maximum: NaN propagates (the first NaN operand), +0 is larger than -0.</summary>
    public static float MaximumF(float x, float y)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        if (float.IsNaN(y))
        {
            return y;
        }

        if (x == y)
        {
            return ILGPU.Interop.FloatAsInt(x) >> 31 == 0 ? x : y;
        }

        return x > y ? x : y;
    }

    /// <summary>IEEE minimum: NaN propagates (the first NaN operand), -0 is smaller than +0.</summary>
    public static float MinimumF(float x, float y)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        if (float.IsNaN(y))
        {
            return y;
        }

        if (x == y)
        {
            return ILGPU.Interop.FloatAsInt(x) >> 31 != 0 ? x : y;
        }

        return x < y ? x : y;
    }

    /// <summary>IEEE maximum in double.</summary>
    public static double MaximumD(double x, double y)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (double.IsNaN(y))
        {
            return y;
        }

        if (x == y)
        {
            return ILGPU.Interop.FloatAsInt(x) >> 63 == 0 ? x : y;
        }

        return x > y ? x : y;
    }

    /// <summary>IEEE minimum in double.</summary>
    public static double MinimumD(double x, double y)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (double.IsNaN(y))
        {
            return y;
        }

        if (x == y)
        {
            return ILGPU.Interop.FloatAsInt(x) >> 63 != 0 ? x : y;
        }

        return x < y ? x : y;
    }

    private static double SigmoidD(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double d = 1.0 + e;
        return x >= 0.0 ? 1.0 / d : e / d;
    }
}
