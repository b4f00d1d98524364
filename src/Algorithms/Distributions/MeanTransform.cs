namespace Kernel.Algorithms.Distributions;

/// <summary>The transform g applied to the network's mean, mu(s) = g(f(s) + c) (paper 000 section 5, Table 1).</summary>
public enum MeanTransform
{
    /// <summary>mu = f(s) + c: the mean may leave the action box (the setting in which ratios explode).</summary>
    None,

    /// <summary>mu = clip(f(s) + c, low, high) per coordinate (000 Table 1, g = phi).</summary>
    Clip,

    /// <summary>
    /// mu = center + half_width * tanh(f(s) + c) per coordinate, center = (high + low) / 2 and
    /// half_width = (high - low) / 2 (000 Table 1, g = tanh; g = 0.4 tanh for a [-0.4, 0.4] box).
    /// </summary>
    Tanh,
}
