using System.Diagnostics;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Objectives;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.Registry;
using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Storage;
using Kernel.Envs;
using Kernel.Kernels.Devices;

namespace Kernel.Algorithms.Training;

/// <summary>
/// A policy-gradient run composed from its parts: a <see cref="RolloutCollector"/> (envs, normalisers, buffer) and
/// the <see cref="ActorCritic{T}"/> networks on one tape, the registered algorithm's <see cref="IPolicyObjective{T}"/>
/// and <see cref="IPolicyUpdate{T}"/>, <see cref="UpdateDiagnostics"/> for the metrics row, an
/// <see cref="ExplosionGuard{T}"/> and <see cref="TrainerCheckpoint{T}"/>. Each <see cref="Update()"/> collects one
/// rollout of num_envs x rollout_steps transitions, computes GAE advantages and hands the batch to the update.
/// <para>
/// Explosions are reported, not hidden: the first non-finite action, value, loss, gradient norm or parameter stops
/// the update before the optimiser applies it, the guard replays that computation under the numerics monitor to name
/// the op and label, sets <see cref="UpdateRecord.Exploded"/>, and makes <see cref="Exploded"/> true; further updates
/// throw.
/// </para>
/// <para>
/// Device: the networks, the losses and their gradients live on the backend the trainer is handed (or that
/// <see cref="Open"/> opens for <see cref="TrainConfig.Device"/>); the envs step on the CPU. The Adam step, gradient
/// clipping and the diagnostics read parameters and gradients on the host.
/// </para>
/// Thread-safety: one thread at a time; the trainer owns its tape.
/// </summary>
/// <typeparam name="T">The run's precision: Half, float or double.</typeparam>
public sealed class PolicyGradientTrainer<T> : ITrainer
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The "format" metadata value of a trainer checkpoint.</summary>
    public const string CheckpointFormat = "kernel-trainer-checkpoint/1";

    private readonly ComputeBackend<T> backend;
    private readonly bool ownsBackend;
    private readonly UpdateRecord record = new();
    private readonly ExplosionGuard<T> guard;
    private readonly UpdateDiagnostics diagnostics;
    private readonly HeldoutBatch? heldout;

    /// <summary>Builds envs, networks on <paramref name="backend"/>, the algorithm's objective and update, and buffers from <paramref name="config"/> (validated first).</summary>
    /// <param name="config">The run's configuration; its device setting is not read (the backend is given).</param>
    /// <param name="backend">Where the networks compute; the caller keeps it open for the trainer's lifetime and closes it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in snake_case).</exception>
    /// <exception cref="ArgumentException">The env id or an env option is unknown.</exception>
    public PolicyGradientTrainer(TrainConfig config, ComputeBackend<T> backend)
        : this(config, backend, ownsBackend: false)
    {
    }

    private PolicyGradientTrainer(TrainConfig config, ComputeBackend<T> backend, bool ownsBackend)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(backend);
        config.Validate();
        Config = config;
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        Algorithm = AlgorithmRegistry.Get(config.Algo);
        SettingCheck.Require(Algorithm.Trainer == TrainerRecipe.ActorCritic, "algo", config.Algo, "an algorithm the actor-critic trainer runs (this one names its own trainer)");
        Penalty = new KlPenalty(config.Surrogate.KlBeta);
        var networkRandom = new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 1));
        Collector = new RolloutCollector(config, new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 2)));
        ShuffleRandom = new KernelRandom(KernelRandom.DeriveSeed(config.Seed, 3));
        Tape = new Tape<T>(backend);
        Networks = new ActorCritic<T>(config, Tape, Collector.Envs.ActionSpace, Collector.Envs.ObservationSize, Algorithm.LearnsValue(config), networkRandom);
        Objective = Algorithm.Objective.Create(config, Tape, Penalty);
        Parameters = [.. Networks.Parameters, .. Objective.Parameters];
        Collector.Allocate(Networks.Head.StoredActionSize, Networks.Head.OldPolicySize);
        guard = new ExplosionGuard<T>(Tape, Parameters, record);
        diagnostics = new UpdateDiagnostics(record);
        var loss = new MinibatchLoss<T>(config, Networks, Objective, Collector.Buffer);
        Distance = new PolicyDistance(config.BatchSize, Collector.Envs.ObservationSize, Networks.Head.NetworkOutputs);
        PolicyUpdate = Algorithm.Update.Create(new UpdateContext<T>(config, Networks, Objective, Parameters, Collector.Buffer, loss, guard, diagnostics, ShuffleRandom) { Timing = Timing });
        Collector.Reset(KernelRandom.DeriveSeed(config.Seed, 0));
        heldout = config.HeldoutSteps > 0 ? new HeldoutBatch(config, Networks.Head.StoredActionSize, Networks.Head.OldPolicySize) : null;
    }

    /// <summary>
    /// A trainer on the device <paramref name="config"/> names, opened here once the settings are known good (so a bad
    /// request leaves no device open) and closed when the trainer is disposed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named in snake_case).</exception>
    /// <exception cref="DeviceNotAvailableException">The configured device is not present (the message lists what is).</exception>
    public static PolicyGradientTrainer<T> Open(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ComputeBackend<T> backend = Backends.Open<T>(config.Device);
        try
        {
            return new PolicyGradientTrainer<T>(config, backend, ownsBackend: true);
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>The resolved configuration.</summary>
    public TrainConfig Config { get; }

    /// <summary>The registered algorithm the run trains with.</summary>
    public Algorithm Algorithm { get; }

    /// <summary>The tape every network and loss records on.</summary>
    public Tape<T> Tape { get; }

    /// <summary>Envs, normalisers and rollout buffer.</summary>
    public RolloutCollector Collector { get; }

    /// <summary>Policy and value networks.</summary>
    public ActorCritic<T> Networks { get; }

    /// <summary>The algorithm's policy objective.</summary>
    public IPolicyObjective<T> Objective { get; }

    /// <summary>The algorithm's update.</summary>
    public IPolicyUpdate<T> PolicyUpdate { get; }

    /// <summary>PPO-KL's penalty coefficient (the initial kl_beta for every other algorithm; checkpoints carry it).</summary>
    public KlPenalty Penalty { get; }

    /// <summary>The policy network's distance from its initialisation on the first rollout's states (the policy_distance metric).</summary>
    public PolicyDistance Distance { get; }

    /// <summary>The stream minibatch orders are drawn from.</summary>
    public KernelRandom ShuffleRandom { get; }

    /// <summary>The record of the last update (overwritten by every update).</summary>
    public UpdateRecord Record => record;

    /// <summary>Where the last update's wall time went (overwritten by every update; the caller adds the evaluation's).</summary>
    public UpdateTiming Timing { get; } = new();

    /// <summary>The last update's optimisation steps when <see cref="TrainConfig.LogSteps"/> is on (empty otherwise; overwritten by every update).</summary>
    public IReadOnlyList<StepRecord> StepRecords => diagnostics.Steps;

    /// <summary>Environment steps taken (all copies).</summary>
    public long Steps => Collector.Steps;

    /// <inheritdoc />
    public IReadOnlyList<string> ExtraMetrics => heldout is null ? [] : UpdateRecord.TrustRegionNames;

    /// <summary>The held-out trajectories of heldout_steps (null when it is 0).</summary>
    public HeldoutBatch? Heldout => heldout;

    /// <summary>Episodes finished.</summary>
    public long Episodes => Collector.Episodes;

    /// <summary>Updates made.</summary>
    public long Updates { get; internal set; }

    /// <summary>Whether an update exploded; the trainer refuses further updates.</summary>
    public bool Exploded => guard.Exploded;

    /// <summary>The numerics monitor's report of the op that first produced a non-finite value in the exploded update (null if none or not exploded).</summary>
    public AnomalyReport? ExplosionReport => guard.Report;

    /// <summary>Every trainable parameter (policy network, policy head, value network, the objective's multipliers), in a fixed order.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>The optimiser (for checkpoints).</summary>
    public Optimizer<T> Optimizer => PolicyUpdate.Optimizer;

    /// <summary>The current KL penalty coefficient (PPO-KL; adapted between updates when configured).</summary>
    public double KlBeta => Penalty.Beta;

    /// <summary>Where the networks and losses compute ("cpu", "ilgpu-cpu" or "cuda").</summary>
    public string Device => backend.Name;

    /// <summary>Stops the envs' workers and, for a trainer made by <see cref="Open"/>, closes its device (and every tensor on it).</summary>
    public void Dispose()
    {
        Collector.Dispose();
        heldout?.Dispose();
        if (ownsBackend)
        {
            backend.Dispose();
        }
    }

    /// <summary>Collects one rollout and makes one update; returns its diagnostics (the same instance every call, overwritten).</summary>
    /// <exception cref="InvalidOperationException">A previous update exploded.</exception>
    public UpdateRecord Update() => Update(null)!;

    /// <summary>
    /// <see cref="Update()"/>, except that a request of <paramref name="interrupt"/> stops the rollout before its next
    /// env step: the update is then abandoned and null returned (the update count stands, but the envs, RNG streams
    /// and normalisers have moved on, so only a <see cref="Snapshot"/> taken before it resumes the run exactly).
    /// An update whose rollout completed is made whole.
    /// </summary>
    /// <exception cref="InvalidOperationException">A previous update exploded.</exception>
    public UpdateRecord? Update(InterruptRequest? interrupt)
    {
        if (Exploded)
        {
            throw new InvalidOperationException($"update {Updates} exploded ({record.ExplodedAt}); the trainer cannot continue.");
        }

        record.Clear();
        diagnostics.Steps.Clear();
        Timing.Clear();
        long stepsBefore = Steps;
        long start = Stopwatch.GetTimestamp();
        RolloutEnd rollout = Collector.Collect(Networks, guard, interrupt);
        long collected = Stopwatch.GetTimestamp();
        if (rollout == RolloutEnd.Abandoned)
        {
            return null;
        }

        Updates++;
        record.Update = Updates;
        if (rollout == RolloutEnd.Complete)
        {
            Collector.ComputeAdvantages();
            long mark = Stopwatch.GetTimestamp();
            diagnostics.DescribeRollout(Collector.Buffer, Collector.FinishedReturns);
            if (Distance.Inputs is null)
            {
                Distance.Capture(Networks, Collector.Buffer.Observations);
            }

            Timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
            bool measure = heldout is not null && heldout.Due(Updates);
            if (!measure || heldout!.Collect(Networks, guard, Collector) == RolloutEnd.Complete)
            {
                Timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark); // held-out trajectories are an opt-in diagnostic
                PolicyUpdate.Update(Updates);
                mark = Stopwatch.GetTimestamp();
                record.PolicyDistance = Distance.Measure(Networks);
                if (measure && !Exploded)
                {
                    heldout!.Describe(Networks, record);
                }

                Timing.DiagnosticsTicks += UpdateTiming.Lap(ref mark);
            }
        }

        Timing.Step = Steps;
        Timing.RolloutSteps = Steps - stepsBefore;
        Timing.EnvTicks = Collector.EnvTicks;
        Timing.InferenceTicks = Collector.InferenceTicks;
        Timing.CollectTicks = collected - start;
        Timing.UpdateTicks = Stopwatch.GetTimestamp() - collected;

        record.Step = Steps;
        record.Episodes = Episodes;
        return record;
    }

    /// <summary>
    /// Collects one rollout of num_envs x rollout_steps transitions with the current policy held fixed and computes
    /// its advantages, changing no parameter (gradient-quality and landscape experiments); the buffer is returned.
    /// </summary>
    /// <exception cref="InvalidOperationException">The networks produced a non-finite action or value (the trainer is then exploded).</exception>
    public RolloutBuffer Collect()
    {
        if (Exploded || Collector.Collect(Networks, guard) != RolloutEnd.Complete)
        {
            throw new InvalidOperationException($"no rollout: {record.ExplodedAt}.");
        }

        Collector.ComputeAdvantages();
        return Collector.Buffer;
    }

    /// <summary>Writes the trainer's state to <paramref name="path"/> (<see cref="TrainerCheckpoint{T}.Save"/>).</summary>
    /// <exception cref="InvalidOperationException">The trainer exploded: its parameters are not a state worth resuming.</exception>
    public void SaveCheckpoint(string path) => TrainerCheckpoint<T>.Save(this, path);

    /// <summary>The trainer's state in memory, as <see cref="SaveCheckpoint"/> would write it now (<see cref="TrainerCheckpoint{T}.Capture"/>).</summary>
    /// <exception cref="InvalidOperationException">The trainer exploded.</exception>
    public TrainerSnapshot Snapshot() => TrainerCheckpoint<T>.Capture(this);

    /// <summary>Restores the state a trainer of the same configuration saved (<see cref="TrainerCheckpoint{T}.Load"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this configuration (the message names what differs).</exception>
    public void LoadCheckpoint(string path) => TrainerCheckpoint<T>.Load(this, path);

    /// <summary>Deterministic episodes of the current policy on a fresh env copy (<see cref="RolloutCollector.Evaluate{T}"/>); each episode's return.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="episodes"/> is below 1.</exception>
    public double[] Evaluate(int episodes, ulong seed) => Collector.Evaluate(Networks, episodes, seed);
}
