using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// The random direction of seed 001's landscapes (Figure 6: "a random Gaussian vector, rescaled to norm 2, in the
/// parameter space"): iid standard normal draws of <see cref="KernelRandom"/> from one seed, scaled to Euclidean norm
/// <see cref="Norm"/>, so the same seed and length give the same direction bit for bit.
/// </summary>
public static class RandomDirection
{
    /// <summary>The direction's norm.</summary>
    public const double Norm = 2;

    /// <summary>A direction of <paramref name="size"/> numbers from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 1.</exception>
    public static double[] Draw(int size, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new KernelRandom(seed);
        var direction = new double[size];
        double squares = 0;
        for (int i = 0; i < size; i++)
        {
            direction[i] = random.Normal();
            squares += direction[i] * direction[i];
        }

        double scale = Norm / Math.Sqrt(squares);
        for (int i = 0; i < size; i++)
        {
            direction[i] *= scale;
        }

        return direction;
    }
}
