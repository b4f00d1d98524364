using Xunit;

namespace Kernel.Envs.Tests;

public class CheckpointTests
{
    [Fact]
    public void ARandomStreamContinuesExactlyFromItsExportedState()
    {
        var random = new KernelRandom(5);
        random.Normal();                                  // leaves a spare normal behind: part of the state
        var state = new ulong[KernelRandom.StateLength];
        random.ExportState(state);
        double[] expected = [random.Normal(), random.NextDouble(), random.Normal(), random.NextInt(17)];

        var restored = new KernelRandom(99);
        restored.ImportState(state);
        double[] actual = [restored.Normal(), restored.NextDouble(), restored.Normal(), restored.NextInt(17)];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ImpossibleRandomStatesAreRefused()
    {
        var random = new KernelRandom(1);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => random.ImportState(new ulong[5])).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => random.ImportState(new ulong[6])).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => random.ImportState([1, 2, 3, 4, 0, 2])).ParamName);
    }

    [Theory]
    [InlineData("Pendulum-v1")]
    [InlineData("CartPole-v1")]
    [InlineData("Acrobot-v1")]
    [InlineData("MountainCarContinuous-v0")]
    [InlineData("PlanarQuadrotor-v0")]
    public void ARestoredVectorEnvRepeatsTheSameStepsAndResets(string id)
    {
        var original = new VectorEnv(id, 3, id == "Acrobot-v1" ? EnvOptions.Parse(["torque_noise_max=0.1"]) : null);
        original.Reset(7);
        for (int step = 0; step < 150; step++)
        {
            original.Step(Actions(original, step));
        }

        VectorEnvCheckpoint checkpoint = original.Capture();
        List<double> expected = Trace(original, 600);

        var restored = new VectorEnv(id, 3, id == "Acrobot-v1" ? EnvOptions.Parse(["torque_noise_max=0.1"]) : null);
        restored.Reset(123);
        restored.Restore(checkpoint);
        Assert.Equal(expected, Trace(restored, 600));
    }

    [Fact]
    public void ACheckpointOfAnotherEnvOrSizeIsRefused()
    {
        var cartPole = new VectorEnv("CartPole-v1", 2);
        cartPole.Reset(1);
        var pendulum = new VectorEnv("Pendulum-v1", 2);
        pendulum.Reset(1);
        Assert.Throws<ArgumentException>(() => pendulum.Restore(cartPole.Capture()));
        var three = new VectorEnv("CartPole-v1", 3);
        Assert.Throws<ArgumentException>(() => three.Restore(cartPole.Capture()));
        EnvCheckpoint single = cartPole.Copies[0].Capture();
        Assert.Contains("belongs to CartPole-v1", Assert.Throws<ArgumentException>(() => pendulum.Copies[0].Restore(single)).Message, StringComparison.Ordinal);
    }

    /// <summary>Observations, rewards, flags and finished episodes over <paramref name="steps"/> steps (episodes end and reset within).</summary>
    private static List<double> Trace(VectorEnv env, int steps)
    {
        var trace = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            env.Step(Actions(env, step + 1000));
            trace.AddRange(env.Observations.ToArray());
            trace.AddRange(env.Rewards.ToArray());
            foreach (EpisodeRecord episode in env.FinishedEpisodes)
            {
                trace.Add(episode.Copy);
                trace.Add(episode.Return);
                trace.Add(episode.Length);
            }
        }

        return trace;
    }

    /// <summary>A deterministic action batch for step <paramref name="step"/>: alternating discrete indices or a sweep over the box.</summary>
    private static double[] Actions(VectorEnv env, int step)
    {
        var actions = new double[env.Count * env.ActionSize];
        for (int k = 0; k < actions.Length; k++)
        {
            actions[k] = env.ActionSpace switch
            {
                DiscreteSpace discrete => (step + k) % discrete.Count,
                BoxSpace box => box.Low[k % env.ActionSize] + ((box.High[k % env.ActionSize] - box.Low[k % env.ActionSize]) * (((step * 7) + k) % 10) / 9.0),
                _ => 0,
            };
        }

        return actions;
    }
}
