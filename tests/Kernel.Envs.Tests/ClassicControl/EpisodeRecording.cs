namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>Records one whole episode of a registered env: every observation (the reset one first) and every step result.</summary>
internal static class EpisodeRecording
{
    /// <param name="id">The registry id (the registered time limit applies).</param>
    /// <param name="seed">The reset seed.</param>
    /// <param name="actionSeed">The seed of the stream <paramref name="drawAction"/> draws from.</param>
    /// <param name="drawAction">The one-number action of each step.</param>
    /// <param name="checkObservationsInSpace">Also assert that every observation lies in the observation space.</param>
    public static (List<double[]> Observations, List<StepResult> Results) Run(
        string id, ulong seed, ulong actionSeed, Func<KernelRandom, double> drawAction, bool checkObservationsInSpace = false)
    {
        IEnv env = Envs.Make(id);
        var actions = new KernelRandom(actionSeed);
        var observation = new double[env.ObservationSpace.Dimension];
        var observations = new List<double[]>();
        var results = new List<StepResult>();
        env.Reset(seed, observation);
        observations.Add([.. observation]);
        StepResult result;
        do
        {
            result = env.Step([drawAction(actions)], observation);
            if (checkObservationsInSpace)
            {
                Xunit.Assert.True(env.ObservationSpace.Contains(observation));
            }

            observations.Add([.. observation]);
            results.Add(result);
        }
        while (!result.Done);

        return (observations, results);
    }
}
