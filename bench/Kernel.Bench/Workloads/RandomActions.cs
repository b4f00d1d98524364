using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>Pre-drawn uniform actions for env-stepping workloads, so drawing them is not timed. Thread-safety: stateless.</summary>
public static class RandomActions
{
    /// <summary><paramref name="count"/> actions of <paramref name="space"/>, row-major, from <see cref="KernelRandom"/>(seed).</summary>
    public static double[] Draw(Space space, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new KernelRandom(seed);
        var actions = new double[count * space.Dimension];
        for (int i = 0; i < actions.Length; i++)
        {
            actions[i] = space switch
            {
                DiscreteSpace discrete => random.NextInt(discrete.Count),
                BoxSpace box => random.Uniform(box.Low[i % box.Dimension], box.High[i % box.Dimension]),
                _ => throw new ArgumentException($"space {space.GetType().Name} is neither a box nor discrete.", nameof(space)),
            };
        }

        return actions;
    }
}
