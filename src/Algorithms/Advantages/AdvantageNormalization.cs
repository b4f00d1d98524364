namespace Kernel.Algorithms.Advantages;

/// <summary>
/// Advantage normalisation as the PPO implementations of seed 001 do it per minibatch: (A - mean) / (std + 1e-8)
/// with PyTorch's default unbiased std (divisor n - 1). A minibatch of one sample has no spread; its advantage
/// becomes 0 (PyTorch would produce NaN). Computed in fp64, in place; thread-safe.
/// </summary>
public static class AdvantageNormalization
{
    /// <summary>The 1e-8 added to the std.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>Normalises <paramref name="advantages"/> in place.</summary>
    public static void Normalize(Span<double> advantages)
    {
        int n = advantages.Length;
        if (n == 0)
        {
            return;
        }

        double mean = 0;
        foreach (double a in advantages)
        {
            mean += a;
        }

        mean /= n;
        double squares = 0;
        foreach (double a in advantages)
        {
            squares += (a - mean) * (a - mean);
        }

        double std = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        for (int i = 0; i < n; i++)
        {
            advantages[i] = (advantages[i] - mean) / (std + Epsilon);
        }
    }
}
