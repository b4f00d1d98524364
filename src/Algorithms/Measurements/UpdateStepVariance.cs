using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Algorithms.Measurements;

/// <summary>
/// Seed 001 Fig 13 on one checkpoint: K estimates of the algorithm's full update step (<see cref="UpdateStep"/>), each
/// from the checkpoint reloaded and a fresh, independent batch (<see cref="FrozenPolicySampler{T}.CollectBatch"/> with
/// seed DeriveSeed(seed, k)); the pairwise cosine similarity of the policy's steps (policy network and head) and the
/// pairwise mean analytic KL(pi_i || pi_j), i &lt; j, between the policies they lead to, on one shared set of states
/// of the checkpoint's policy (seed DeriveSeed(seed, 1 000 000)). Also each step's mean KL(pi_old || pi_k) there.
/// A first-order run whose learning rate anneals to 0 takes no step after its last update, so its last checkpoint is refused.
/// </summary>
public static class UpdateStepVariance
{
    /// <summary>Measures from <paramref name="checkpoint"/>, which <paramref name="trainer"/> (of that run's configuration) reloads before every estimate.</summary>
    /// <param name="trainer">A trainer of the run's configuration.</param>
    /// <param name="checkpoint">The checkpoint file.</param>
    /// <param name="estimates">K, at least 2.</param>
    /// <param name="states">Shared states for the KL, at least 1.</param>
    /// <param name="seed">The measurement's seed.</param>
    /// <param name="progress">Told about each finished estimate (index, K).</param>
    public static UpdateStepResult Measure<T>(PolicyGradientTrainer<T> trainer, string checkpoint, int estimates, int states, ulong seed, Action<int, int>? progress = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentOutOfRangeException.ThrowIfLessThan(estimates, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(states, 1);
        trainer.LoadCheckpoint(checkpoint);
        TrainConfig config = trainer.Config;
        if (config.Optimizer.AnnealLearningRate && trainer.Updates >= config.Updates && trainer.PolicyUpdate is not NaturalGradientStep<T>)
        {
            throw new ArgumentException($"update = {trainer.Updates}: the run anneals its learning rate to 0 over its {config.Updates} updates, so the step after its last checkpoint is zero; measure an earlier checkpoint.", "update");
        }

        var sampler = new FrozenPolicySampler<T>(trainer);
        SampleSet shared = sampler.Allocate(states);
        sampler.Collect(shared, KernelRandom.DeriveSeed(seed, GradientQuality.TrueSampleIndex));
        ActorCritic<T> networks = trainer.Networks;
        IPolicyHead<T> head = networks.Head;
        double[] observations = shared.Buffer.Observations.AsSpan(0, states * shared.Buffer.ObservationSize).ToArray();
        double[] actions = shared.Buffer.Actions.AsSpan(0, states * shared.Buffer.ActionSize).ToArray();
        double[] oldPolicy = shared.Buffer.OldPolicy.AsSpan(0, states * head.OldPolicySize).ToArray();

        NamedParameter<T>[] policyParameters = [.. networks.Policy.Parameters, .. networks.Head.Parameters];
        int policySize = UpdateStep.SizeOf(policyParameters);
        var step = new double[UpdateStep.SizeOf(trainer.Parameters)];
        var steps = new double[estimates][];
        var newParameters = new T[estimates][][];
        var newPolicies = new double[estimates][];
        var stepKl = new double[estimates];
        for (int k = 0; k < estimates; k++)
        {
            trainer.LoadCheckpoint(checkpoint);
            sampler.CollectBatch(KernelRandom.DeriveSeed(seed, (ulong)k));
            int index = k;
            UpdateStep.Compute(trainer, step, () =>
            {
                newParameters[index] = [.. policyParameters.Select(p => p.Tensor.Values.ToArray())];
                newPolicies[index] = new double[oldPolicy.Length];
                stepKl[index] = WithPolicy(networks, observations, actions, states, evaluation =>
                {
                    head.WriteOldPolicy(evaluation, newPolicies[index]);
                    return MeanKl(head, evaluation, oldPolicy);
                });
            });
            steps[k] = step[..policySize];
            progress?.Invoke(k + 1, estimates);
        }

        var pairwiseKl = new double[estimates * (estimates - 1) / 2];
        var pairIndex = new int[estimates, estimates];
        for (int i = 0, p = 0; i < estimates; i++)
        {
            for (int j = i + 1; j < estimates; j++)
            {
                pairIndex[i, j] = p++;
            }
        }

        T[][] checkpointParameters = [.. policyParameters.Select(p => p.Tensor.Values.ToArray())];
        for (int j = 1; j < estimates; j++)
        {
            Set(policyParameters, newParameters[j]);
            int column = j;
            WithPolicy(networks, observations, actions, states, evaluation =>
            {
                for (int i = 0; i < column; i++)
                {
                    pairwiseKl[pairIndex[i, column]] = MeanKl(head, evaluation, newPolicies[i]);
                }

                return 0;
            });
        }

        Set(policyParameters, checkpointParameters);
        return new UpdateStepResult(estimates, states, Cosine.Pairwise(steps), pairwiseKl, [.. steps.Select(s => Math.Sqrt(s.Sum(x => x * x)))], stepKl, policySize);
    }

    /// <summary>Evaluates the networks' current policy at the states (no gradients recorded) and hands the evaluation to <paramref name="use"/>.</summary>
    private static double WithPolicy<T>(ActorCritic<T> networks, double[] observations, double[] actions, int states, Func<PolicyEvaluation<T>, double> use)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        networks.Tape.Reset();
        using (networks.Tape.NoGrad())
        {
            return use(networks.Evaluate(networks.Input(observations, states), actions));
        }
    }

    /// <summary>Mean over the states of the analytic KL(reference || current), computed in the run's precision.</summary>
    private static double MeanKl<T>(IPolicyHead<T> head, PolicyEvaluation<T> current, double[] reference)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        ReadOnlySpan<T> kl = head.Kl(current, reference).Values;
        foreach (T value in kl)
        {
            sum += double.CreateTruncating(value);
        }

        return sum / kl.Length;
    }

    private static void Set<T>(NamedParameter<T>[] parameters, T[][] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i].Tensor.SetValues(values[i]);
        }
    }
}
