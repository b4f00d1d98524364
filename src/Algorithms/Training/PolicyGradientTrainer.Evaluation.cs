using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>Deterministic evaluation episodes of the current policy on a fresh env copy.</summary>
public sealed partial class PolicyGradientTrainer<T>
{
    /// <summary>
    /// Runs <paramref name="episodes"/> episodes on a new copy of the run's env with the deterministic action of
    /// the policy head (the Gaussian mean, clipped; the categorical argmax), observations normalised
    /// by the frozen running statistics, episode e reset with seed DeriveSeed(<paramref name="seed"/>, e). Returns each
    /// episode's undiscounted, unscaled return. The training envs, RNGs and statistics are untouched.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="episodes"/> is below 1.</exception>
    public double[] Evaluate(int episodes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        IEnv env = Envs.Envs.Make(config.Env);
        var observation = new double[observationSize];
        var input = new double[observationSize];
        var action = new double[envs.ActionSize];
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(KernelRandom.DeriveSeed(seed, (ulong)e), observation);
            StepResult step;
            do
            {
                Observe(observation, input, update: false);
                tape.Reset();
                using (tape.NoGrad())
                {
                    head.ActDeterministic(policyNetwork.Forward(Input(input, 1)), action);
                }

                step = env.Step(action, observation);
                returns[e] += step.Reward;
            }
            while (!step.Done);
        }

        return returns;
    }
}
