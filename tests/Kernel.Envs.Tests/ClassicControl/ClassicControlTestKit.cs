namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>Shared steps of the classic-control tests: set a state, take one step, read the new state back.</summary>
internal static class ClassicControlTestKit
{
    public static (StepResult Result, double[] Observation, double[] State) StepFrom(IEnv env, double[] state, params double[] action)
    {
        var observation = new double[env.ObservationSpace.Dimension];
        env.Reset(0, observation);
        env.SetState(state);
        StepResult result = env.Step(action, observation);
        var after = new double[env.StateSize];
        env.GetState(after);
        return (result, observation, after);
    }

    /// <summary>A full episode under a fixed seed and an action sequence drawn from <paramref name="actionSeed"/>: every observation and reward, in order.</summary>
    public static List<double> Rollout(string id, ulong seed, ulong actionSeed)
    {
        IEnv env = Envs.Make(id);
        var random = new KernelRandom(actionSeed);
        var observation = new double[env.ObservationSpace.Dimension];
        var action = new double[env.ActionSpace.Dimension];
        var trace = new List<double>();
        env.Reset(seed, observation);
        trace.AddRange(observation);
        StepResult result;
        do
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = env.ActionSpace is DiscreteSpace discrete ? random.NextInt(discrete.Count) : random.Uniform(-1.5, 1.5);
            }

            result = env.Step(action, observation);
            trace.AddRange(observation);
            trace.Add(result.Reward);
        }
        while (!result.Done);
        return trace;
    }
}
