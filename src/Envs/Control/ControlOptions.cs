namespace Kernel.Envs.Control;

/// <summary>Shared option reading for the control envs: reals that must be positive or non-negative.</summary>
internal static class ControlOptions
{
    /// <summary>A strictly positive real option, or <paramref name="fallback"/> when absent.</summary>
    public static double Positive(EnvOptions options, string envId, string key, double fallback)
    {
        double value = options.GetDouble(key, fallback);
        if (!(value > 0))
        {
            throw new ArgumentException($"{envId}: option {key} = {value}: expected a positive number.", key);
        }

        return value;
    }

    /// <summary>A non-negative real option, or <paramref name="fallback"/> when absent.</summary>
    public static double NonNegative(EnvOptions options, string envId, string key, double fallback)
    {
        double value = options.GetDouble(key, fallback);
        if (!(value >= 0))
        {
            throw new ArgumentException($"{envId}: option {key} = {value}: expected a non-negative number.", key);
        }

        return value;
    }
}
