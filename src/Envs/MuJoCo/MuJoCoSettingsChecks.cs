using System.Globalization;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Validation shared by the MuJoCo tasks' settings records: one <see cref="ArgumentException"/> naming the option
/// (its registry key), the value and what is allowed. Thread-safety: stateless.
/// </summary>
public static class MuJoCoSettingsChecks
{
    /// <summary>The value must be finite.</summary>
    public static void Finite(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{key} = {Text(value)}: must be a finite number.", key);
        }
    }

    /// <summary>The value must be finite and at least 0.</summary>
    public static void NonNegative(string key, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{key} = {Text(value)}: must be a finite number >= 0.", key);
        }
    }

    /// <summary>The range must have low &lt; high and no NaN (infinite ends allowed).</summary>
    public static void Range(string key, (double Low, double High) range)
    {
        if (double.IsNaN(range.Low) || double.IsNaN(range.High) || !(range.Low < range.High))
        {
            throw new ArgumentException($"{key} = ({Text(range.Low)}, {Text(range.High)}): must have low < high.", key);
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
