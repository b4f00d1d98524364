namespace Kernel.Algorithms.Optimizers;

/// <summary>Range checks for optimiser and clipping settings; each failure names the parameter, its value and the allowed range.</summary>
internal static class Hyperparameters
{
    /// <summary>A decay rate in [0, 1), as torch.optim.Adam requires of its betas.</summary>
    public static void CheckBeta(double value, string parameterName)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be in [0, 1).");
        }
    }

    /// <summary>Finite and &gt; 0.</summary>
    public static void CheckPositive(double value, string parameterName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be finite and > 0.");
        }
    }

    /// <summary>Finite and &gt;= 0.</summary>
    public static void CheckNonNegative(double value, string parameterName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be finite and >= 0.");
        }
    }
}
