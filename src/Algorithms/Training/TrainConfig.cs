using Kernel.Algorithms.Mollification;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.SecondOrder;
using Kernel.Algorithms.VMpo;
using Kernel.Kernels.Devices;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Everything a training run needs, resolved: written as config.json beside the metrics so a run can be repeated
/// or resumed exactly. The run's own settings (env, algorithm, precision, device, seed, budget, checkpoints) sit
/// here; the rest is one option record per concern: <see cref="Rollout"/> (rollout and GAE),
/// <see cref="Optimizer"/>, <see cref="Policy"/> (network and distribution), <see cref="Value"/> (network and loss),
/// and one per algorithm family: <see cref="Surrogate"/> (clipped and penalised surrogates),
/// <see cref="TrustRegion"/> (natural gradient) and <see cref="Vmpo"/>. config.json nests each record as an object
/// under its snake_case name. Defaults are PPO's as the implementations in seed 001 section 3 run it (CleanRL-style:
/// 2048-sample batches, 10 epochs of 32 minibatches, gamma 0.99, lambda 0.95, clip 0.2, value clipping, reward
/// scaling, observation normalisation, orthogonal init, Adam eps 1e-5, lr 3e-4 annealed, grad norm 0.5);
/// <see cref="ForAlgorithm"/> applies each algorithm's own defaults (<see cref="Algorithm.Defaults"/>). Names in
/// JSON and in errors are snake_case (the command line spells them with dashes and without the record's name;
/// <c>kernel train --help</c> lists every setting with the first sentence of its doc comment). A setting marked
/// <see cref="AppliesToAttribute"/> applies only to the algorithms or envs of its scope. Immutable; thread-safe.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Env id (see <c>kernel envs list</c>).</summary>
    public string Env { get; init; } = "Pendulum-v1";

    /// <summary>
    /// Constructor options of the env as key=value (e.g. dt=0.01 for PlanarQuadrotor-v0; each env's documentation lists
    /// its keys), given to every env the run makes: training, evaluation, resume and <c>kernel eval</c>. A key the env
    /// does not read is refused.
    /// </summary>
    [CommandLineName("env-option")]
    public IReadOnlyDictionary<string, string> EnvOptions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The algorithm (see <c>kernel algos list</c>).</summary>
    public string Algo { get; init; } = "ppo";

    /// <summary>fp16, fp32 or fp64: the precision of networks, losses and gradients.</summary>
    public NumericPrecision Precision { get; init; } = NumericPrecision.Fp32;

    /// <summary>
    /// Where the networks, losses and gradients compute: cpu (the SIMD kernels), ilgpu-cpu (the GPU kernels on ILGPU's
    /// CPU accelerator, for testing) or cuda (the first CUDA GPU). Envs always step on the CPU. A device that is not
    /// present fails the run; nothing falls back.
    /// </summary>
    public DeviceKind Device { get; init; } = DeviceKind.Cpu;

    /// <summary>The run's seed: networks, env resets, action sampling and minibatch order all derive from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Environment steps to take in total (all copies together).</summary>
    [CommandLineName("steps")]
    public long TotalSteps { get; init; } = 300_000;

    /// <summary>Hidden activation of both networks.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation (gains sqrt 2, 0.01 policy output, 1 value output) instead of PyTorch's default.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public bool OrthogonalInit { get; init; } = true;

    /// <summary>
    /// Write one row per optimisation step (minibatch step) of a first-order update to steps.csv: the minibatch's mean
    /// analytic KL, max log10 ratio before and after the clip, loss, gradient norm and whether it exploded (000 Fig 3).
    /// </summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public bool LogSteps { get; init; }

    /// <summary>Write a checkpoint every this many updates and after the last; 0 writes none (long sweeps that keep only metrics).</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>
    /// Evaluate the policy every this many updates and after the last: eval_episodes episodes with the mode of the
    /// distribution (tanh of the mean when squashed) on a separate env copy with its own seeds, observations normalised
    /// by the frozen training statistics (004 appendix A), written to eval.csv; 0 evaluates never. The training envs,
    /// RNG streams and statistics are untouched, so metrics.csv is the same with or without it.
    /// </summary>
    public int EvalEvery { get; init; }

    /// <summary>Episodes per evaluation (eval_every).</summary>
    public int EvalEpisodes { get; init; } = 10;

    /// <summary>
    /// Measure each update's policy change on held-out trajectories (seed 001 Figure 29): before the update, this many
    /// env steps (rounded up to whole rows of num_envs) of the pre-update policy on separate env copies whose episodes
    /// continue from one measurement to the next, observations normalised by the training statistics held fixed; after it, the KL and ratio of the updated
    /// policy on them. Adds the trust-region columns to metrics.csv (ratio_log10_max_after, step_rejected, heldout_*);
    /// 0 measures nothing. The training envs, RNG streams and statistics are untouched.
    /// </summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public int HeldoutSteps { get; init; }

    /// <summary>Measure on held-out trajectories every this many updates (heldout_steps); the other rows' heldout_* cells are NaN.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public int HeldoutEvery { get; init; } = 1;

    /// <summary>Rollouts and advantages: env copies, steps per rollout, discounting, GAE, reward and observation scaling.</summary>
    public RolloutOptions Rollout { get; init; } = new();

    /// <summary>The optimiser: kind, learning rate, gradient clipping, epochs and minibatches.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public OptimizerOptions Optimizer { get; init; } = new();

    /// <summary>The policy network and its action distribution.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public PolicyOptions Policy { get; init; } = new();

    /// <summary>The value network and its loss.</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public ValueOptions Value { get; init; } = new();

    /// <summary>The clipped and penalised surrogates (PPO family, CPG).</summary>
    [AppliesTo(SettingScopes.ActorCritic)]
    public SurrogateOptions Surrogate { get; init; } = new();

    /// <summary>TRPO's and NPG's natural step: KL budget, CG, line search and Fisher-product settings.</summary>
    [AppliesTo(SettingScopes.NaturalGradient)]
    public TrustRegionOptions TrustRegion { get; init; } = new();

    /// <summary>V-MPO's multipliers and KL bounds.</summary>
    [AppliesTo(SettingScopes.VMpo)]
    [CommandLineName("vmpo")]
    public VMpoOptions Vmpo { get; init; } = new();

    /// <summary>mollified-pg's controller, fixed sigma, normalised step and trajectory batch (seed paper 002).</summary>
    [AppliesTo(SettingScopes.Mollified)]
    public MollifiedOptions Mollified { get; init; } = new();

    /// <summary>The environment steps of one update: num_envs x rollout_steps, or what the algorithm says (<see cref="Algorithm.BatchSize"/>).</summary>
    public int BatchSize => AlgorithmRegistry.Contains(Algo) ? AlgorithmRegistry.Get(Algo).BatchSize(this) : Rollout.BatchSize;

    /// <summary>The samples of one minibatch: <see cref="OptimizerOptions.MinibatchSize"/>'s count, or the batch size for full-batch.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MinibatchSamples => Optimizer.MinibatchSize.SamplesOf(BatchSize);

    /// <summary>The number of updates the run makes: total_steps / batch, rounded up.</summary>
    public long Updates => (TotalSteps + BatchSize - 1) / BatchSize;

    /// <summary>A new env of the run: <see cref="Env"/> made with <see cref="EnvOptions"/>.</summary>
    /// <exception cref="ArgumentException">An option the env does not read or cannot parse (one line naming it).</exception>
    public Kernel.Envs.IEnv MakeEnv() => Kernel.Envs.Envs.Make(Env, new Kernel.Envs.EnvOptions(EnvOptions));

    /// <summary>The defaults of the algorithm called <paramref name="algorithm"/>: PPO's with its own applied (<see cref="AlgorithmRegistry.Defaults"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name.</exception>
    public static TrainConfig ForAlgorithm(string algorithm) => AlgorithmRegistry.Defaults(algorithm);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(TotalSteps >= 1, "total_steps", TotalSteps, "at least 1");
        Rollout.Validate();
        Mollified.Validate(); // before BatchSize, which mollified-pg computes from it
        RunLimits.Require(this); // sizes and a memory estimate, before BatchSize is used and anything is allocated
        Optimizer.Validate(BatchSize);
        Policy.Validate();
        Value.Validate();
        Surrogate.Validate();
        TrustRegion.Validate();
        Vmpo.Validate();
        SettingCheck.Require(Enum.IsDefined(Activation), "activation", Activation, "tanh, relu or silu");
        SettingCheck.Require(EvalEvery >= 0, "eval_every", EvalEvery, "at least 0 (0: no evaluation)");
        SettingCheck.Require(EvalEpisodes >= 1, "eval_episodes", EvalEpisodes, "at least 1");
        SettingCheck.Require(HeldoutSteps is >= 0 and <= 1 << 20, "heldout_steps", HeldoutSteps, "in 0..1048576 (0: no held-out measurement)");
        SettingCheck.Require(HeldoutEvery >= 1, "heldout_every", HeldoutEvery, "at least 1");
        SettingCheck.Require(CheckpointEvery >= 0, "checkpoint_every", CheckpointEvery, "at least 0 (0: no checkpoints)");
        SettingCheck.Require(Enum.IsDefined(Precision), "precision", Precision, "fp16, fp32 or fp64");
        SettingCheck.Require(Enum.IsDefined(Device), "device", Device, "cpu, cuda or ilgpu-cpu");
        SettingCheck.Require(AlgorithmRegistry.Contains(Algo), "algo", Algo, $"one of {AlgorithmRegistry.Names}");
    }
}
