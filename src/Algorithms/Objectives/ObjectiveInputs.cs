using Kernel.Algorithms.PolicyGradient;

namespace Kernel.Algorithms.Objectives;

/// <summary>What an objective sees of a minibatch: the policy evaluated at the taken actions, the ratio to the rollout policy and the advantages.</summary>
/// <typeparam name="T">The run's precision.</typeparam>
public readonly ref struct ObjectiveInputs<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Bundles one minibatch's inputs.</summary>
    public ObjectiveInputs(IPolicyHead<T> head, PolicyEvaluation<T> evaluation, Tensor<T> logRatio, Tensor<T> ratio, Tensor<T> advantage, ReadOnlySpan<double> advantages, ReadOnlySpan<double> oldPolicy)
    {
        Head = head;
        Evaluation = evaluation;
        LogRatio = logRatio;
        Ratio = ratio;
        Advantage = advantage;
        Advantages = advantages;
        OldPolicy = oldPolicy;
    }

    /// <summary>The policy head (for the analytic KL to the rollout policy).</summary>
    public IPolicyHead<T> Head { get; }

    /// <summary>log pi(a|s), entropy and distribution parameters of the current policy.</summary>
    public PolicyEvaluation<T> Evaluation { get; }

    /// <summary>log r = log pi - log pi_old [B].</summary>
    public Tensor<T> LogRatio { get; }

    /// <summary>r = pi / pi_old [B], computed as the run's ratio mode says.</summary>
    public Tensor<T> Ratio { get; }

    /// <summary>The advantages as a constant [B] (normalised when the run says so).</summary>
    public Tensor<T> Advantage { get; }

    /// <summary>The same advantages in fp64.</summary>
    public ReadOnlySpan<double> Advantages { get; }

    /// <summary>The rollout policy's parameters per sample [B * head.OldPolicySize].</summary>
    public ReadOnlySpan<double> OldPolicy { get; }
}
