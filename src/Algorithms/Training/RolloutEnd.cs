namespace Kernel.Algorithms.Training;

/// <summary>How <see cref="RolloutCollector.Collect{T}"/> ended.</summary>
public enum RolloutEnd
{
    /// <summary>Every env step of the rollout was taken; the buffer is whole.</summary>
    Complete,

    /// <summary>The networks produced a non-finite action or value; the update exploded.</summary>
    Exploded,

    /// <summary>An <see cref="InterruptRequest"/> stopped the rollout between env steps; the buffer is partial and the envs, RNG and normalisers have moved on.</summary>
    Abandoned,
}
