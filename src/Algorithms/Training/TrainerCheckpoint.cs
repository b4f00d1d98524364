using System.Globalization;
using System.Text.Json;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Normalizers;
using Kernel.Algorithms.Optimizers;
using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Checkpoints of a trainer in safetensors: everything that decides what the next update does — parameters (in the
/// run's precision), the optimiser's step count and buffers, observation and reward normalisers, every env copy
/// (state, RNG, elapsed steps, the episode in progress), the action and shuffle RNG streams, the counters and PPO-KL's
/// beta, and the fixed state batch of the policy_distance metric with the initial network's outputs on it — so a trainer loaded from one continues exactly as the trainer that wrote it would have.
/// Thread-safety: one thread at a time (the trainer's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public static class TrainerCheckpoint<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Writes <paramref name="trainer"/>'s state to <paramref name="path"/> (atomically: a crash leaves the previous file).</summary>
    /// <exception cref="InvalidOperationException">The trainer exploded: its parameters are not a state worth resuming.</exception>
    public static void Save(PolicyGradientTrainer<T> trainer, string path) => Capture(trainer).Write(path);

    /// <summary>Copies <paramref name="trainer"/>'s state into memory, as <see cref="Save"/> would write it now.</summary>
    /// <exception cref="InvalidOperationException">The trainer exploded: its parameters are not a state worth resuming.</exception>
    public static TrainerSnapshot Capture(PolicyGradientTrainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (trainer.Exploded)
        {
            throw new InvalidOperationException($"update {trainer.Updates} exploded ({trainer.Record.ExplodedAt}); the last checkpoint before it is the one to resume from.");
        }

        RolloutCollector collector = trainer.Collector;
        TrainConfig config = trainer.Config;
        Optimizer<T> optimizer = trainer.Optimizer;
        ObservationNormalizer? observationNormalizer = collector.ObservationNormalizer;
        RewardScaler? rewardScaler = collector.RewardScaler;

        var tensors = new List<SafeTensor>();
        foreach (NamedParameter<T> parameter in trainer.Parameters)
        {
            tensors.Add(SafeTensor.From<T>("param." + parameter.Name, parameter.Tensor.Values, Dimensions(parameter.Tensor.Shape)));
        }

        OptimizerState optimizerState = optimizer.ExportState();
        foreach ((string key, double[] values) in optimizerState.Buffers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            tensors.Add(optimizerState.Precision == "fp64"
                ? SafeTensor.From<double>("optimizer." + key, values, values.Length)
                : SafeTensor.From<float>("optimizer." + key, [.. values.Select(v => (float)v)], values.Length));
        }

        if (observationNormalizer is not null)
        {
            AddStatistics(tensors, "observation_normalizer", observationNormalizer.Statistics.Count, observationNormalizer.Statistics.Mean, observationNormalizer.Statistics.Variance);
        }

        if (rewardScaler is not null)
        {
            tensors.Add(SafeTensor.From<double>("reward_scaler.discounted_returns", rewardScaler.DiscountedReturns, rewardScaler.DiscountedReturns.Length));
            AddStatistics(tensors, "reward_scaler", rewardScaler.Statistics.Count, rewardScaler.Statistics.Mean, rewardScaler.Statistics.Variance);
        }

        tensors.Add(SafeTensor.From<ulong>("random.action", RandomState(collector.ActionRandom), KernelRandom.StateLength));
        tensors.Add(SafeTensor.From<ulong>("random.shuffle", RandomState(trainer.ShuffleRandom), KernelRandom.StateLength));
        VectorEnvCheckpoint environments = collector.Envs.Capture();
        AddEnvironments(tensors, environments);
        PolicyDistance distance = trainer.Distance;
        if (distance.Inputs is not null)
        {
            tensors.Add(SafeTensor.From<double>(PolicyDistance.InputsTensor, distance.Inputs, distance.Rows, distance.ObservationSize));
            tensors.Add(SafeTensor.From<double>(PolicyDistance.InitialOutputsTensor, distance.InitialOutputs, distance.Rows, distance.Outputs));
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = PolicyGradientTrainer<T>.CheckpointFormat,
            ["precision"] = Precision.NameOf<T>(),
            ["env"] = config.Env,
            ["config"] = JsonSerializer.Serialize(config, TrainingRun.JsonOptions),
            ["steps"] = Invariant(trainer.Steps),
            ["episodes"] = Invariant(trainer.Episodes),
            ["updates"] = Invariant(trainer.Updates),
            ["kl_beta"] = trainer.Penalty.Beta.ToString("R", CultureInfo.InvariantCulture),
            ["optimizer"] = optimizerState.Optimizer,
            ["optimizer_steps"] = Invariant(optimizerState.StepCount),
            ["env_ready"] = environments.Ready ? "true" : "false",
        };
        return new TrainerSnapshot(tensors, metadata, trainer.Updates, trainer.Steps);
    }

    /// <summary>
    /// Restores the state written by <see cref="Save"/> into <paramref name="trainer"/>, a trainer of the same
    /// configuration (the step budget and checkpoint interval may differ). Every tensor is read and checked before
    /// anything changes, so a mismatched or damaged checkpoint leaves the trainer as it was.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a trainer checkpoint, is truncated or damaged (a checksum or a rule of <see cref="TrainerCheckpointRules"/> fails), or was written for another configuration, precision or shape (the message names what differs).</exception>
    /// <param name="trainer">The trainer to restore into.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="writtenBy">
    /// The configuration of the run that wrote the checkpoint when the trainer's differs from it only in rollout_steps
    /// and total_steps (a measurement computing the run's update from a batch of another size); null: the trainer's own.
    /// </param>
    public static void Load(PolicyGradientTrainer<T> trainer, string path, TrainConfig? writtenBy = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        TrainConfig config = writtenBy ?? trainer.Config;
        if (writtenBy is not null && JsonSerializer.Serialize(trainer.Config with { TotalSteps = 0, Rollout = trainer.Config.Rollout with { RolloutSteps = 1 } }, TrainingRun.JsonOptions)
            != JsonSerializer.Serialize(writtenBy with { TotalSteps = 0, Rollout = writtenBy.Rollout with { RolloutSteps = 1 } }, TrainingRun.JsonOptions))
        {
            throw new ArgumentException("the trainer's configuration differs from the run's in more than rollout_steps and total_steps.", nameof(writtenBy));
        }

        RolloutCollector collector = trainer.Collector;
        IReadOnlyList<NamedParameter<T>> parameters = trainer.Parameters;
        Optimizer<T> optimizer = trainer.Optimizer;
        ObservationNormalizer? observationNormalizer = collector.ObservationNormalizer;
        RewardScaler? rewardScaler = collector.RewardScaler;
        SafeTensorsContent content = SafeTensorsFile.Read(path);
        content.RequireMeta("format", PolicyGradientTrainer<T>.CheckpointFormat);
        content.RequireMeta("precision", Precision.NameOf<T>());
        content.RequireMeta("env", config.Env);
        RequireSameConfiguration(config, content);
        TrainerCheckpointRules.Check(content, config.BatchSize, Kernel.Envs.Envs.Registered.First(entry => entry.Id == config.Env).MaxEpisodeSteps);

        var values = new T[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            values[i] = content.Tensor("param." + parameters[i].Name).As<T>(parameters[i].Tensor.Shape.Length);
        }

        OptimizerState own = optimizer.ExportState();
        var buffers = new Dictionary<string, double[]>();
        foreach ((string key, double[] current) in own.Buffers)
        {
            SafeTensor tensor = content.Tensor("optimizer." + key);
            buffers[key] = own.Precision == "fp64" ? tensor.As<double>(current.Length) : [.. tensor.As<float>(current.Length).Select(v => (double)v)];
        }

        var optimizerState = new OptimizerState(content.Meta("optimizer"), content.MetaCount("optimizer_steps"), own.Precision, buffers);
        (double Count, double[] Mean, double[] Variance)? observationStatistics = observationNormalizer is null ? null
            : ReadStatistics(content, "observation_normalizer", observationNormalizer.Statistics.Features);
        double[]? discountedReturns = rewardScaler?.DiscountedReturns.Length is { } envCount
            ? content.Tensor("reward_scaler.discounted_returns").As<double>(envCount) : null;
        (double Count, double[] Mean, double[] Variance)? rewardStatistics = rewardScaler is null ? null : ReadStatistics(content, "reward_scaler", 1);
        ulong[] actionState = content.Tensor("random.action").As<ulong>(KernelRandom.StateLength);
        ulong[] shuffleState = content.Tensor("random.shuffle").As<ulong>(KernelRandom.StateLength);
        VectorEnvCheckpoint environments = ReadEnvironments(config, collector.Envs, content);
        long steps = content.MetaCount("steps");
        long episodes = content.MetaCount("episodes");
        long updates = content.MetaCount("updates");
        double beta = double.Parse(content.Meta("kl_beta"), NumberStyles.Float, CultureInfo.InvariantCulture);

        // The policy_distance batch exists from the first update on; a checkpoint of a later update without it is refused.
        PolicyDistance distance = trainer.Distance;
        bool hasDistance = content.Tensors.ContainsKey(PolicyDistance.InputsTensor) || updates > 0;
        double[]? distanceInputs = hasDistance ? content.Tensor(PolicyDistance.InputsTensor).As<double>((long)distance.Rows * distance.ObservationSize) : null;
        double[]? distanceOutputs = hasDistance ? content.Tensor(PolicyDistance.InitialOutputsTensor).As<double>((long)distance.Rows * distance.Outputs) : null;

        // Everything is read. Probes check each part's invariants the way the real import will, so that nothing
        // changes unless all of it can; the optimiser checks everything before it changes anything, so it goes first.
        try
        {
            var probe = new KernelRandom(1);
            probe.ImportState(actionState);
            probe.ImportState(shuffleState);
            if (observationStatistics is { } observed)
            {
                new RunningMeanStd(observed.Mean.Length).Import(observed.Count, observed.Mean, observed.Variance);
            }

            if (rewardStatistics is { } scaled)
            {
                new RewardScaler(discountedReturns!.Length, config.Rollout.Gamma, config.Rollout.RewardClip).Import(discountedReturns, scaled.Count, scaled.Mean, scaled.Variance);
            }

            optimizer.ImportState(optimizerState);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"{path}: {exception.Message}", exception);
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Tensor.SetValues(values[i]);
        }

        if (observationStatistics is { } observedStatistics)
        {
            observationNormalizer!.Statistics.Import(observedStatistics.Count, observedStatistics.Mean, observedStatistics.Variance);
        }

        if (rewardStatistics is { } rewardState)
        {
            rewardScaler!.Import(discountedReturns, rewardState.Count, rewardState.Mean, rewardState.Variance);
        }

        collector.ActionRandom.ImportState(actionState);
        trainer.ShuffleRandom.ImportState(shuffleState);
        collector.Envs.Restore(environments);
        collector.Steps = steps;
        collector.Episodes = episodes;
        trainer.Updates = updates;
        trainer.Penalty.Beta = beta;
        if (distanceInputs is not null)
        {
            distance.Restore(distanceInputs, distanceOutputs!);
        }
    }

    private static void RequireSameConfiguration(TrainConfig config, SafeTensorsContent content)
    {
        TrainConfig written;
        try
        {
            // Through the reader, so a checkpoint written before the settings were split by concern still resumes.
            written = TrainConfigReader.Read(content.Meta("config"));
        }
        catch (ConfigException exception)
        {
            throw new InvalidDataException($"{content.Source}: the config metadata is not a Kernel configuration ({exception.Message}).", exception);
        }

        // The budget and the checkpoint interval may change on resume; everything else shapes the state.
        string expected = JsonSerializer.Serialize(config with { TotalSteps = 0, CheckpointEvery = 1 }, TrainingRun.JsonOptions);
        string actual = JsonSerializer.Serialize(written with { TotalSteps = 0, CheckpointEvery = 1 }, TrainingRun.JsonOptions);
        if (expected != actual)
        {
            string difference = Registry.Settings.All.FirstOrDefault(s => !Registry.Settings.SameValue(s.ValueIn(config), s.ValueIn(written)) && s.Key is not ("total_steps" or "checkpoint_every")) is { } setting
                ? $"this run has {setting.Key}: {JsonSerializer.Serialize(setting.ValueIn(config), TrainingRun.JsonOptions)}, the checkpoint {setting.Key}: {JsonSerializer.Serialize(setting.ValueIn(written), TrainingRun.JsonOptions)}"
                : "the settings differ";
            throw new InvalidDataException($"{content.Source} was written by a run with another configuration: {difference}.");
        }
    }

    private static VectorEnvCheckpoint ReadEnvironments(TrainConfig config, VectorEnv envs, SafeTensorsContent content)
    {
        VectorEnvCheckpoint own = envs.Capture();
        int n = own.Copies.Count;
        int stateLength = own.Copies[0].State.Length;
        double[] states = content.Tensor("env.state").As<double>((long)n * stateLength);
        ulong[] randoms = content.Tensor("env.random").As<ulong>((long)n * KernelRandom.StateLength);
        long[] elapsed = content.Tensor("env.elapsed_steps").As<long>(n);
        bool[] started = content.Tensor("env.started").AsFlags(n);
        bool[] done = content.Tensor("env.done").AsFlags(n);
        var copies = new EnvCheckpoint[n];
        for (int i = 0; i < n; i++)
        {
            copies[i] = new EnvCheckpoint(
                config.Env,
                states[(i * stateLength)..((i + 1) * stateLength)],
                randoms[(i * KernelRandom.StateLength)..((i + 1) * KernelRandom.StateLength)],
                checked((int)elapsed[i]),
                started[i],
                done[i]);
        }

        return new VectorEnvCheckpoint(
            copies,
            content.Tensor("env.observations").As<double>(own.Observations.Length),
            content.Tensor("env.episode_returns").As<double>(n),
            [.. content.Tensor("env.episode_lengths").As<long>(n).Select(length => checked((int)length))],
            content.Meta("env_ready") == "true");
    }

    private static void AddEnvironments(List<SafeTensor> tensors, VectorEnvCheckpoint environments)
    {
        int n = environments.Copies.Count;
        int stateLength = environments.Copies[0].State.Length;
        tensors.Add(SafeTensor.From<double>("env.state", [.. environments.Copies.SelectMany(c => c.State)], n, stateLength));
        tensors.Add(SafeTensor.From<ulong>("env.random", [.. environments.Copies.SelectMany(c => c.Random)], n, KernelRandom.StateLength));
        tensors.Add(SafeTensor.From<long>("env.elapsed_steps", [.. environments.Copies.Select(c => (long)c.ElapsedSteps)], n));
        tensors.Add(SafeTensor.FromFlags("env.started", [.. environments.Copies.Select(c => c.Started)]));
        tensors.Add(SafeTensor.FromFlags("env.done", [.. environments.Copies.Select(c => c.Done)]));
        tensors.Add(SafeTensor.From<double>("env.observations", environments.Observations, n, environments.Observations.Length / n));
        tensors.Add(SafeTensor.From<double>("env.episode_returns", environments.EpisodeReturns, n));
        tensors.Add(SafeTensor.From<long>("env.episode_lengths", [.. environments.EpisodeLengths.Select(length => (long)length)], n));
    }

    private static void AddStatistics(List<SafeTensor> tensors, string prefix, double count, ReadOnlySpan<double> mean, ReadOnlySpan<double> variance)
    {
        tensors.Add(SafeTensor.From<double>(prefix + ".count", [count]));
        tensors.Add(SafeTensor.From<double>(prefix + ".mean", mean, mean.Length));
        tensors.Add(SafeTensor.From<double>(prefix + ".variance", variance, variance.Length));
    }

    private static (double Count, double[] Mean, double[] Variance) ReadStatistics(SafeTensorsContent content, string prefix, int features)
        => (content.Tensor(prefix + ".count").As<double>(1)[0],
            content.Tensor(prefix + ".mean").As<double>(features),
            content.Tensor(prefix + ".variance").As<double>(features));

    private static ulong[] RandomState(KernelRandom random)
    {
        var state = new ulong[KernelRandom.StateLength];
        random.ExportState(state);
        return state;
    }

    private static long[] Dimensions(Shape shape) => shape.Rank switch
    {
        0 => [],
        1 => [shape.Columns],
        _ => [shape.Rows, shape.Columns],
    };

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
