using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;

namespace Kernel.Algorithms.Objectives;

/// <summary>
/// Dual-clip PPO (Ye et al. 2020, "Mastering Complex Control in MOBA Games with Deep Reinforcement Learning",
/// eq 5): PPO's clipped surrogate, and where the advantage is negative also a floor c A with c = 3, so that a ratio
/// far above 1 on a bad action cannot make the objective unboundedly negative: max(min(r A, clip(r, 1 - eps,
/// 1 + eps) A), c A) for A &lt; 0. The worked example of docs/extending.md.
/// </summary>
public sealed class DualClipRecipe : ObjectiveRecipe
{
    /// <summary>c, the floor's multiple of a negative advantage (3 in the paper).</summary>
    public const double FloorMultiple = 3;

    /// <inheritdoc/>
    public override IPolicyObjective<T> Create<T>(TrainConfig config, Tape<T> tape, KlPenalty penalty)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SurrogateObjective<T>((in ObjectiveInputs<T> batch) => PerSample(batch.Ratio, batch.Advantage, batch.Advantages, config.Surrogate.ClipEpsilon), config.Surrogate.ClipEpsilon);
    }

    /// <summary>The dual-clip objective per sample; <paramref name="advantages"/> are the values of <paramref name="advantage"/> in fp64.</summary>
    public static Tensor<T> PerSample<T>(Tensor<T> ratio, Tensor<T> advantage, ReadOnlySpan<double> advantages, double epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var floor = new T[advantages.Length];
        for (int i = 0; i < floor.Length; i++)
        {
            floor[i] = advantages[i] < 0 ? T.CreateChecked(FloorMultiple * advantages[i]) : T.NegativeInfinity; // no floor where A >= 0
        }

        Tensor<T> floorTensor = ratio.Tape.Constant(Shape.Vector(floor.Length), floor, "dual_clip_floor");
        return SurrogateObjectives.ClippedPerSample(ratio, advantage, epsilon).Maximum(floorTensor, "dual_clip");
    }
}
