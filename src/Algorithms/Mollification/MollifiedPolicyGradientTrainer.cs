using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Autodiff.Monitor;
using Kernel.Envs;

namespace Kernel.Algorithms.Mollification;

/// <summary>
/// Seed paper 002's policy gradient (sections 4-6, appendix F): a Gaussian policy N(mu(s; theta), sigma^2 I) with a
/// fixed sigma around a deterministic <see cref="Controller{T}"/>, trained by one normalised ascent step per epoch,
/// theta += delta g / |g|, where g is <see cref="MollifiedGradient"/>'s estimate from trajectories_per_epoch whole
/// trajectories (each from the env's own reset, at most horizon steps). No value network, no optimiser state.
/// <para>
/// Row k of the metrics describes epoch k, sampled with theta_(k-1): step, episodes, return_mean and return_std
/// (the sampled trajectories' undiscounted returns), deterministic_return (J(theta_(k-1)): the mean undiscounted
/// return of the deterministic controller from trajectories_per_epoch start states drawn with fixed seeds, the same
/// every epoch, so it is a function of theta alone; row 1 holds J(theta_0)), grad_norm (|g| before normalisation),
/// std_min (sigma) and policy_distance (|theta_k - theta_0| after the step). J of the final theta is
/// <see cref="DeterministicReturn"/> (kernel eval of the last checkpoint for envs with a fixed start).
/// </para>
/// <para>
/// Determinism: trajectory i of epoch e draws its reset seed and noise from a stream derived from (seed, e, i), so a
/// run is the same for any number of worker threads (min(num_envs, trajectories, processors)), and a checkpoint needs
/// only theta, theta_0 and the counters to resume bit for bit.
/// </para>
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">The controller's precision: float (fp32) or double (fp64).</typeparam>
public sealed class MollifiedPolicyGradientTrainer<T> : ITrainer
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The "format" metadata value of its checkpoints.</summary>
    public const string CheckpointFormat = "kernel-mollified-checkpoint/1";

    private const string ThetaTensor = "controller.theta";
    private const string InitialThetaTensor = "controller.theta0";

    private readonly UpdateRecord record = new();
    private readonly TrajectoryBatch<T> sampled;
    private readonly TrajectoryBatch<T> deterministic;
    private readonly T[] initialTheta;
    private readonly T[] gradient;
    private readonly double[] returns;
    private readonly ulong sampleSeed;
    private readonly ulong evaluationSeed;

    /// <summary>Builds the controller and the trajectory buffers of <paramref name="config"/> (validated first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range or does not fit the env (one line naming it).</exception>
    public MollifiedPolicyGradientTrainer(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        SettingCheck.Require(typeof(T) != typeof(Half), "precision", "fp16", "fp32 or fp64 for mollified-pg");
        SettingCheck.Require(config.Device == Kernel.Kernels.Devices.DeviceKind.Cpu, "device", Settings.NameOf(config.Device), "cpu for mollified-pg (its controllers are hand-written CPU math)");
        Config = config;
        MollifiedOptions options = config.Mollified;
        IEnv probe = config.MakeEnv();
        Space actionSpace = probe.ActionSpace;
        int states = probe.ObservationSpace.Dimension;
        probe.Dispose();
        SettingCheck.Require(actionSpace is BoxSpace, "env", config.Env, "an env with a box (continuous) action space for mollified-pg");
        int actions = actionSpace.Dimension;
        Controller = ControllerFactory.Create<T>(options.Controller, options.Init, config.Env, states, actions, options.ControllerHidden, new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 1)));
        initialTheta = Controller.Parameters.ToArray();
        gradient = new T[Controller.ParameterCount];
        int workers = Math.Max(1, Math.Min(Math.Min(config.Rollout.NumEnvs, options.TrajectoriesPerEpoch), Environment.ProcessorCount));
        sampled = new TrajectoryBatch<T>(config.MakeEnv, Controller, options.TrajectoriesPerEpoch, options.Horizon, workers);
        deterministic = new TrajectoryBatch<T>(config.MakeEnv, Controller, options.TrajectoriesPerEpoch, options.Horizon, workers);
        returns = new double[options.TrajectoriesPerEpoch];
        sampleSeed = KernelRandom.DeriveSeed(config.Seed, 2);
        evaluationSeed = KernelRandom.DeriveSeed(config.Seed, 3);
    }

    /// <summary>The resolved configuration.</summary>
    public TrainConfig Config { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Collection is the sampling of the epoch's trajectories, whose workers step the envs and the controller together
    /// (env and inference seconds are not split: 0); the update is the rest (gradient, J(theta), step).
    /// </remarks>
    public UpdateTiming Timing { get; } = new();

    /// <summary>The deterministic controller mu(s; theta) whose parameters the run trains.</summary>
    public Controller<T> Controller { get; }

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <summary>Trajectories finished.</summary>
    public long Episodes { get; private set; }

    /// <inheritdoc />
    public long Updates { get; private set; }

    /// <inheritdoc />
    public bool Exploded { get; private set; }

    /// <inheritdoc />
    public AnomalyReport? ExplosionReport => null;

    /// <inheritdoc />
    public IReadOnlyList<StepRecord> StepRecords => [];

    /// <inheritdoc />
    public IReadOnlyList<string> ExtraMetrics { get; } = ["deterministic_return"];

    /// <summary>The record of the last update (overwritten by every update).</summary>
    public UpdateRecord Record => record;

    /// <summary>theta_0, the parameters the run started from (checkpoints carry it).</summary>
    public ReadOnlySpan<T> InitialTheta => initialTheta;

    /// <summary>The last epoch's gradient estimate g, before normalisation.</summary>
    public ReadOnlySpan<T> Gradient => gradient;

    /// <summary>A trainer for <paramref name="config"/> (the <see cref="TrainerRecipe"/> form).</summary>
    public static MollifiedPolicyGradientTrainer<T> Open(TrainConfig config) => new(config);

    /// <summary>Disposes the envs.</summary>
    public void Dispose()
    {
        sampled.Dispose();
        deterministic.Dispose();
    }

    /// <summary>The deterministic controller's mean undiscounted return J(theta) from the run's fixed evaluation start states.</summary>
    public double DeterministicReturn()
    {
        deterministic.Collect(Controller.Parameters, 0, i => KernelRandom.DeriveSeed(evaluationSeed, (ulong)i));
        return MeanReturn(deterministic, out _);
    }

    /// <summary>
    /// Samples the epoch's trajectories and writes the gradient estimate into <see cref="Gradient"/> without stepping
    /// (gradient-quality tests); returns |g|.
    /// </summary>
    public double EstimateGradient()
    {
        long start = Stopwatch.GetTimestamp();
        sampled.Collect(Controller.Parameters, Config.Mollified.FixedStd, i => KernelRandom.DeriveSeed(KernelRandom.DeriveSeed(sampleSeed, (ulong)Updates), (ulong)i));
        Timing.CollectTicks += Stopwatch.GetTimestamp() - start;
        MollifiedGradient.Estimate(Controller, sampled.States, sampled.Noise, sampled.Rewards, sampled.Lengths, Config.Mollified.FixedStd, Config.Rollout.Gamma, gradient);
        return MollifiedGradient.Norm<T>(gradient);
    }

    /// <inheritdoc />
    public UpdateRecord? Update(InterruptRequest? interrupt)
    {
        if (Exploded)
        {
            throw new InvalidOperationException($"update {Updates} exploded ({record.ExplodedAt}); the trainer cannot continue.");
        }

        if (interrupt?.IsRequested == true)
        {
            return null;
        }

        record.Clear();
        Timing.Clear();
        long started = Stopwatch.GetTimestamp();
        long stepsBefore = Steps;
        try
        {
            double norm = EstimateGradient();
            Steps += sampled.Lengths.Sum();
            Episodes += sampled.Count;
            Updates++;
            record.Update = Updates;
            record.GradNorm = norm;
            record.ReturnMean = MeanReturn(sampled, out double std);
            record.ReturnStd = std;
            record.StdMin = Config.Mollified.FixedStd;
            if (!double.IsFinite(norm))
            {
                Explode($"gradient norm {norm}");
            }
            else
            {
                record.DeterministicReturn = DeterministicReturn();
                MollifiedGradient.Step<T>(Controller.Parameters, gradient, Config.Mollified.StepSize);
                record.PolicyDistance = Distance();
            }
        }
        catch (EnvInstabilityException exception)
        {
            Updates++;
            record.Update = Updates;
            Explode(exception.Message);
        }

        record.Step = Steps;
        record.Episodes = Episodes;
        Timing.Step = Steps;
        Timing.RolloutSteps = Steps - stepsBefore;
        Timing.UpdateTicks = Stopwatch.GetTimestamp() - started - Timing.CollectTicks;
        return record;
    }

    /// <inheritdoc />
    public void SaveCheckpoint(string path) => Snapshot().Write(path);

    /// <inheritdoc />
    public TrainerSnapshot Snapshot()
    {
        if (Exploded)
        {
            throw new InvalidOperationException($"update {Updates} exploded ({record.ExplodedAt}); the last checkpoint before it is the one to resume from.");
        }

        var tensors = new List<SafeTensor>
        {
            SafeTensor.From<double>(ThetaTensor, Widen(Controller.Parameters), Controller.ParameterCount),
            SafeTensor.From<double>(InitialThetaTensor, Widen(initialTheta), Controller.ParameterCount),
        };
        var metadata = new Dictionary<string, string>
        {
            ["format"] = CheckpointFormat,
            ["precision"] = Precision.NameOf<T>(),
            ["env"] = Config.Env,
            ["config"] = JsonSerializer.Serialize(Config, TrainingRun.JsonOptions),
            ["controller"] = Controller.Description,
            ["steps"] = Invariant(Steps),
            ["episodes"] = Invariant(Episodes),
            ["updates"] = Invariant(Updates),
        };
        return new TrainerSnapshot(tensors, metadata, Updates, Steps);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file is not a mollified-pg checkpoint of this configuration and precision (the message names what differs).</exception>
    public void LoadCheckpoint(string path)
    {
        SafeTensorsContent content = SafeTensorsFile.Read(path);
        content.RequireMeta("format", CheckpointFormat);
        content.RequireMeta("precision", Precision.NameOf<T>());
        content.RequireMeta("env", Config.Env);
        string expected = JsonSerializer.Serialize(Config with { TotalSteps = 0, CheckpointEvery = 1 }, TrainingRun.JsonOptions);
        TrainConfig written;
        try
        {
            written = TrainConfigReader.Read(content.Meta("config"));
        }
        catch (ConfigException exception)
        {
            throw new InvalidDataException($"{content.Source}: the config metadata is not a Kernel configuration ({exception.Message}).", exception);
        }

        if (JsonSerializer.Serialize(written with { TotalSteps = 0, CheckpointEvery = 1 }, TrainingRun.JsonOptions) != expected)
        {
            throw new InvalidDataException($"{content.Source} was written by a run with another configuration.");
        }

        double[] theta = content.Tensor(ThetaTensor).As<double>(Controller.ParameterCount);
        double[] theta0 = content.Tensor(InitialThetaTensor).As<double>(Controller.ParameterCount);
        long steps = content.MetaCount("steps");
        long episodes = content.MetaCount("episodes");
        long updates = content.MetaCount("updates");
        for (int p = 0; p < theta.Length; p++)
        {
            Controller.Parameters[p] = T.CreateChecked(theta[p]);
            initialTheta[p] = T.CreateChecked(theta0[p]);
        }

        Steps = steps;
        Episodes = episodes;
        Updates = updates;
    }

    /// <inheritdoc />
    public double[] Evaluate(int episodes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        using var batch = new TrajectoryBatch<T>(Config.MakeEnv, Controller, episodes, Config.Mollified.Horizon, 1);
        batch.Collect(Controller.Parameters, 0, i => KernelRandom.DeriveSeed(seed, (ulong)i));
        return [.. Enumerable.Range(0, episodes).Select(i => batch.Rewards[i].AsSpan(0, batch.Lengths[i]).ToArray().Sum())];
    }

    private static double[] Widen(ReadOnlySpan<T> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = double.CreateChecked(values[i]);
        }

        return wide;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private double MeanReturn(TrajectoryBatch<T> batch, out double std)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            double sum = 0;
            for (int t = 0; t < batch.Lengths[i]; t++)
            {
                sum += batch.Rewards[i][t];
            }

            returns[i] = sum;
        }

        double mean = returns.Average();
        std = Math.Sqrt(returns.Select(r => (r - mean) * (r - mean)).Average());
        return mean;
    }

    private double Distance()
    {
        double sum = 0;
        for (int p = 0; p < initialTheta.Length; p++)
        {
            double d = double.CreateChecked(Controller.Parameters[p] - initialTheta[p]);
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    private void Explode(string what)
    {
        Exploded = true;
        record.Exploded = true;
        record.ExplodedAt = what;
    }
}
