using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The networks of a run on one tape: the policy MLP and its head (Gaussian, tanh-squashed Gaussian or categorical,
/// from the action space and <see cref="PolicyOptions.Squash"/>), and the value MLP when the algorithm learns one.
/// Observations arrive as fp64 rows and are narrowed to the run's precision here.
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class ActorCritic<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{

    /// <summary>Builds the networks; their weights are drawn from <paramref name="random"/> (policy first, then value).</summary>
    /// <exception cref="ArgumentException">No policy head supports the action space.</exception>
    public ActorCritic(TrainConfig config, Tape<T> tape, Space actionSpace, int observationSize, bool withValue, KernelRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        Tape = tape;
        ObservationSize = observationSize;
        Head = actionSpace switch
        {
            BoxSpace box when config.Policy.Squash => new TanhGaussianPolicyHead<T>(tape, box, SquashedOptions(config.Policy.Gaussian), config.Policy.InitialStd),
            BoxSpace box => new GaussianPolicyHead<T>(tape, box, config.Policy.Gaussian, config.Policy.InitialStd),
            DiscreteSpace discrete => new CategoricalPolicyHead<T>(tape, discrete),
            _ => throw new ArgumentException($"env {config.Env} has an action space of kind {actionSpace.GetType().Name}, which no policy head supports.", nameof(actionSpace)),
        };
        MlpInit policyInit = config.OrthogonalInit ? MlpInit.OrthogonalPolicy : MlpInit.TorchDefault;
        MlpInit valueInit = config.OrthogonalInit ? MlpInit.OrthogonalValue : MlpInit.TorchDefault;
        Policy = new Mlp<T>(tape, [observationSize, .. config.Policy.Hidden, Head.NetworkOutputs], config.Activation, policyInit, random, "policy");
        Value = withValue ? new Mlp<T>(tape, [observationSize, .. config.Value.Hidden, 1], config.Activation, valueInit, random, "value") : null;
        Parameters = [.. Policy.Parameters, .. Head.Parameters, .. Value?.Parameters ?? []];
    }

    /// <summary>The tape every forward pass records on.</summary>
    public Tape<T> Tape { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>The policy MLP (observation to the head's inputs).</summary>
    public Mlp<T> Policy { get; }

    /// <summary>The distribution on top of the policy MLP.</summary>
    public IPolicyHead<T> Head { get; }

    /// <summary>The value MLP, or null (REINFORCE without a baseline).</summary>
    public Mlp<T>? Value { get; }

    /// <summary>Policy network, head and value network parameters, in that order.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary><paramref name="count"/> observation rows as the networks' input [count, observation_size].</summary>
    /// <remarks>Host data enters the tape through the monitored cast, so an overflow on entry is named cast("observation").</remarks>
    public Tensor<T> Input(ReadOnlySpan<double> rows, int count)
        => Tape.Cast(Shape.Matrix(count, ObservationSize), rows[..(count * ObservationSize)], "observation");

    /// <summary>The policy at <paramref name="x"/> evaluated at the stored <paramref name="actions"/>.</summary>
    public PolicyEvaluation<T> Evaluate(Tensor<T> x, ReadOnlySpan<double> actions) => Head.Evaluate(Policy.Forward(x), actions);

    /// <summary>The policy on every row of <paramref name="buffer"/> evaluated at its stored actions.</summary>
    public PolicyEvaluation<T> Evaluate(RolloutBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Evaluate(Input(buffer.Observations, buffer.Count), buffer.Actions);
    }

    /// <summary>V(x) widened into <paramref name="destination"/> (zeros without a value network).</summary>
    public void Values(Tensor<T> x, Span<double> destination)
    {
        if (Value is null)
        {
            destination.Clear();
            return;
        }

        Conversions.Widen(Value.Forward(x).Values, destination);
    }

    private static TanhGaussianOptions SquashedOptions(GaussianOptions policy) => new()
    {
        Std = policy.Std,
        SoftplusOffset = policy.SoftplusOffset,
        StdLowerBound = policy.StdLowerBound,
        MeanShift = policy.MeanShift,
    };
}
