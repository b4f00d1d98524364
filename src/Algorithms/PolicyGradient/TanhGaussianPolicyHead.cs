using Kernel.Algorithms.Distributions;
using Kernel.Envs;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// The policy head for box actions squashed by tanh (000 eq 5): the network gives the pre-squash mean, a
/// state-independent std parameter gives sigma, actions are center + half_width * tanh(u) and the stored action is
/// the pre-squash sample u, whose log-prob carries the log-det correction. KL(old || new) is the pre-squash
/// Gaussians' (the bijection leaves it unchanged); the entropy reported and used for the bonus is the pre-squash
/// Gaussian's (the squashed one has no closed form). mean_outside_box is not reported: squashed actions are inside the box by construction.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class TanhGaussianPolicyHead<T> : GaussianHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly TanhGaussian<T> squashed;

    /// <summary>Creates the head and its std parameter on <paramref name="tape"/>.</summary>
    /// <exception cref="ArgumentException">The box is unbounded in some coordinate (tanh needs finite bounds).</exception>
    public TanhGaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, TanhGaussianOptions options, double initialStd)
        : this(tape, new TanhGaussian<T>(actionSpace, options), options, initialStd)
    {
    }

    private TanhGaussianPolicyHead(Tape<T> tape, TanhGaussian<T> squashed, TanhGaussianOptions options, double initialStd)
        : base(tape, squashed, GaussianStdParameter.Create(tape, squashed.ActionDim, squashed.StdParameterFor(initialStd), options.Std))
    {
        this.squashed = squashed;
    }

    /// <inheritdoc />
    public override void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions)
    {
        squashed.Squash(Distribute(networkOutput).Mean.Values, envActions);
    }
}
