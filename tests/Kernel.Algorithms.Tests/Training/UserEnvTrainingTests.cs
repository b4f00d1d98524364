using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>A user env registered with Envs.Register goes through the training path like a built-in one.</summary>
public sealed class UserEnvTrainingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-user-env-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheConfigReaderAcceptsARegisteredUserEnvAndARunTrainsCheckpointsAndResumesOnIt()
    {
        LineToOrigin.EnsureRegistered();
        TrainConfig config = TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string>
        {
            ["env"] = LineToOrigin.EnvId, ["rollout.num_envs"] = "2", ["rollout.rollout_steps"] = "20", ["total_steps"] = "120", ["optimizer.epochs"] = "1",
            ["policy.hidden"] = "8", ["value.hidden"] = "8", ["optimizer.minibatch_size"] = "20", ["checkpoint_every"] = "1",
        });
        Assert.Equal(LineToOrigin.EnvId, config.Env);

        TrainingRun.Run(config, directory);
        string checkpoint = TrainingRun.CheckpointPath(directory, 3);
        Assert.True(File.Exists(checkpoint));
        using var trainer = PolicyGradientTrainer<float>.Open(config);
        trainer.LoadCheckpoint(checkpoint);
        Assert.Equal(120, trainer.Steps);
        Assert.Equal(6, trainer.Episodes); // 2 copies x 60 steps, every episode truncated at the registered 20
    }

    [Fact]
    public void AnUnregisteredIdIsRefusedAndTheMessageListsTheRegisteredUserEnv()
    {
        LineToOrigin.EnsureRegistered();
        ConfigException error = Assert.Throws<ConfigException>(
            () => TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { ["env"] = "UserNotRegistered-v0" }));
        Assert.Contains(LineToOrigin.EnvId, error.Message, StringComparison.Ordinal);
    }
}
