using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.SecondOrder;
using Kernel.Algorithms.VMpo;
using Kernel.Kernels.Gpu;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Everything a training run needs, resolved: written as config.json beside the metrics so a run can be repeated
/// or resumed exactly. Defaults are PPO's as the implementations in seed 001 section 3 run it (CleanRL-style:
/// 2048-sample batches, 10 epochs of 32 minibatches, gamma 0.99, lambda 0.95, clip 0.2, value clipping, reward
/// scaling, observation normalisation, orthogonal init, Adam eps 1e-5, lr 3e-4 annealed, grad norm 0.5);
/// <see cref="ForAlgorithm"/> applies each algorithm's own defaults (<see cref="Algorithm.Defaults"/>). Names in
/// JSON and in errors are snake_case (the command line spells them with dashes; <c>kernel train --help</c> lists
/// every setting with the first sentence of its doc comment here). A setting marked <see cref="AppliesToAttribute"/>
/// applies only to the algorithms or envs of its scope. Immutable; thread-safe.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Env id (see <c>kernel envs list</c>).</summary>
    public string Env { get; init; } = "Pendulum-v1";

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

    /// <summary>Env copies stepped together.</summary>
    [CommandLineName("envs")]
    public int NumEnvs { get; init; } = 8;

    /// <summary>Steps per copy per rollout (the batch is num_envs x rollout_steps).</summary>
    public int RolloutSteps { get; init; } = 256;

    /// <summary>Passes over each batch.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per minibatch: a count, or full-batch for one minibatch of the whole rollout.</summary>
    public MinibatchSize MinibatchSize { get; init; } = 64;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE's lambda.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>PPO's and CPG's clip epsilon.</summary>
    public double ClipEpsilon { get; init; } = 0.2;

    /// <summary>Whether the value loss is clipped around the rollout's values (001 section 3).</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>Entropy bonus coefficient.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double EntropyCoefficient { get; init; }

    /// <summary>Value loss coefficient (one optimiser updates both networks on the combined loss).</summary>
    public double ValueCoefficient { get; init; } = 0.5;

    /// <summary>
    /// The optimiser of the policy and value networks: adam, or sgd (plain, no momentum; 000 Fig 7 compares them).
    /// Both use learning_rate; adam_epsilon applies to adam only.
    /// </summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The optimiser's learning rate.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Whether the learning rate decays linearly to 0 over the run (001 section 3).</summary>
    [CommandLineName("anneal-lr")]
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Adam's epsilon (1e-5 in the PPO implementations, 001 section 3).</summary>
    public double AdamEpsilon { get; init; } = 1e-5;

    /// <summary>Global L2 gradient-norm clip, or null for none.</summary>
    public double? MaxGradNorm { get; init; } = 0.5;

    /// <summary>Per-component gradient clip (003), or null for none.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double? GradClipValue { get; init; }

    /// <summary>Stop an update's epochs early once approx_kl exceeds this, or null for never.</summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public double? TargetKl { get; init; }

    /// <summary>Whether advantages are normalised per minibatch.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Whether observations are normalised by running mean/std and clipped.</summary>
    public bool NormalizeObservations { get; init; } = true;

    /// <summary>Clip of normalised observations.</summary>
    public double ObservationClip { get; init; } = 10;

    /// <summary>
    /// A constant every env reward is multiplied by before anything else sees it (GAE, value targets, the running
    /// reward scaler); 000 Table 6 varies it. return_mean and return_std stay the env's unscaled episode returns.
    /// </summary>
    public double RewardScale { get; init; } = 1;

    /// <summary>Whether rewards are scaled by the running std of the discounted return (001 Algorithm 1).</summary>
    public bool ScaleRewards { get; init; } = true;

    /// <summary>Clip of scaled rewards.</summary>
    public double RewardClip { get; init; } = 10;

    /// <summary>Hidden widths of the policy network.</summary>
    public IReadOnlyList<int> PolicyHidden { get; init; } = [64, 64];

    /// <summary>Hidden widths of the value network.</summary>
    public IReadOnlyList<int> ValueHidden { get; init; } = [64, 64];

    /// <summary>Hidden activation of both networks.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Orthogonal initialisation (gains sqrt 2, 0.01 policy output, 1 value output) instead of PyTorch's default.</summary>
    public bool OrthogonalInit { get; init; } = true;

    /// <summary>Initial standard deviation of a Gaussian policy.</summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public double InitialStd { get; init; } = 1.0;

    /// <summary>Gaussian policy options (std parameterisation and bound, mean transform and shift, log-prob point).</summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public GaussianOptions Policy { get; init; } = new();

    /// <summary>
    /// Squash box actions with tanh (000 eq 5) instead of clipping a Gaussian sample: the policy is then a
    /// <see cref="Distributions.TanhGaussian{T}"/> built from <see cref="Policy"/>'s std parameterisation, lower bound
    /// and mean shift (its mean transform must be none and its log-prob point does not apply).
    /// </summary>
    [AppliesTo(SettingScopes.BoxActions)]
    public bool Squash { get; init; }

    /// <summary>How the ratio is computed.</summary>
    public RatioMode RatioMode { get; init; } = RatioMode.LogSpace;

    /// <summary>KL penalty coefficient b (PPO-KL; 000 Table 3 uses 0.01).</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public double KlBeta { get; init; } = 0.01;

    /// <summary>Whether PPO-KL adapts beta between updates (003: halve below target/1.5, double above target*1.5).</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public bool AdaptiveKl { get; init; }

    /// <summary>The KL target of adaptive beta.</summary>
    [AppliesTo(SettingScopes.KlPenalty)]
    public double KlTarget { get; init; } = 0.01;

    /// <summary>TRPO's and NPG's natural step: KL budget, CG, line search and Fisher-product settings.</summary>
    [AppliesTo(SettingScopes.NaturalGradient)]
    public TrustRegionOptions TrustRegion { get; init; } = new();

    /// <summary>V-MPO's multipliers and KL bounds.</summary>
    [AppliesTo(SettingScopes.VMpo)]
    [CommandLineName("vmpo")]
    public VMpoOptions Vmpo { get; init; } = new();

    /// <summary>REINFORCE with a learned value baseline.</summary>
    [AppliesTo(SettingScopes.Baseline)]
    public bool ReinforceBaseline { get; init; } = true;

    /// <summary>
    /// Write one row per optimisation step (minibatch step) of a first-order update to steps.csv: the minibatch's mean
    /// analytic KL, max log10 ratio before and after the clip, loss, gradient norm and whether it exploded (000 Fig 3).
    /// </summary>
    [AppliesTo(SettingScopes.FirstOrder)]
    public bool LogSteps { get; init; }

    /// <summary>Write a checkpoint every this many updates and after the last; 0 writes none (long sweeps that keep only metrics).</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>The batch size, num_envs x rollout_steps.</summary>
    public int BatchSize => NumEnvs * RolloutSteps;

    /// <summary>The samples of one minibatch: <see cref="MinibatchSize"/>'s count, or the batch size for full-batch.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MinibatchSamples => MinibatchSize.SamplesOf(BatchSize);

    /// <summary>The number of updates the run makes: total_steps / batch, rounded up.</summary>
    public long Updates => (TotalSteps + BatchSize - 1) / BatchSize;

    /// <summary>The defaults of the algorithm called <paramref name="algorithm"/>: PPO's with its own applied (<see cref="AlgorithmRegistry.Defaults"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No algorithm has that name.</exception>
    public static TrainConfig ForAlgorithm(string algorithm) => AlgorithmRegistry.Defaults(algorithm);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range (snake_case name, value, what is allowed).</summary>
    public void Validate()
    {
        SettingCheck.Require(TotalSteps >= 1, "total_steps", TotalSteps, "at least 1");
        SettingCheck.Require(NumEnvs is >= 1 and <= 4096, "num_envs", NumEnvs, "in 1..4096");
        SettingCheck.Require(RolloutSteps >= 1, "rollout_steps", RolloutSteps, "at least 1");
        RunLimits.Require(this); // sizes and a memory estimate, before BatchSize is used and anything is allocated
        SettingCheck.Require(Epochs >= 1, "epochs", Epochs, "at least 1");
        SettingCheck.Require(MinibatchSize.IsFullBatch || (MinibatchSize.Count >= 1 && MinibatchSize.Count <= BatchSize), "minibatch_size", MinibatchSize, $"in 1..{BatchSize} (num_envs x rollout_steps), or {MinibatchSize.FullBatchName}");
        SettingCheck.Require(Gamma is >= 0 and <= 1, "gamma", Gamma, "in [0, 1]");
        SettingCheck.Require(GaeLambda is >= 0 and <= 1, "gae_lambda", GaeLambda, "in [0, 1]");
        SettingCheck.Require(ClipEpsilon is > 0 and < 1, "clip_epsilon", ClipEpsilon, "in (0, 1)");
        SettingCheck.Require(EntropyCoefficient >= 0 && double.IsFinite(EntropyCoefficient), "entropy_coefficient", EntropyCoefficient, "finite and >= 0");
        SettingCheck.Require(ValueCoefficient >= 0 && double.IsFinite(ValueCoefficient), "value_coefficient", ValueCoefficient, "finite and >= 0");
        SettingCheck.Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", LearningRate, "finite and > 0");
        SettingCheck.Require(AdamEpsilon > 0 && double.IsFinite(AdamEpsilon), "adam_epsilon", AdamEpsilon, "finite and > 0");
        SettingCheck.Require(MaxGradNorm is null || (MaxGradNorm > 0 && double.IsFinite(MaxGradNorm.Value)), "max_grad_norm", MaxGradNorm, "finite and > 0, or absent");
        SettingCheck.Require(GradClipValue is null || (GradClipValue > 0 && double.IsFinite(GradClipValue.Value)), "grad_clip_value", GradClipValue, "finite and > 0, or absent");
        SettingCheck.Require(TargetKl is null || (TargetKl > 0 && double.IsFinite(TargetKl.Value)), "target_kl", TargetKl, "finite and > 0, or absent");
        SettingCheck.Require(ObservationClip > 0, "observation_clip", ObservationClip, "> 0");
        SettingCheck.Require(RewardClip > 0, "reward_clip", RewardClip, "> 0");
        SettingCheck.Require(RewardScale > 0 && double.IsFinite(RewardScale), "reward_scale", RewardScale, "finite and > 0");
        SettingCheck.Require(PolicyHidden.All(w => w >= 1), "policy_hidden", string.Join(",", PolicyHidden), "widths of at least 1");
        SettingCheck.Require(ValueHidden.All(w => w >= 1), "value_hidden", string.Join(",", ValueHidden), "widths of at least 1");
        SettingCheck.Require(Enum.IsDefined(Activation), "activation", Activation, "tanh, relu or silu");
        SettingCheck.Require(InitialStd > 0 && double.IsFinite(InitialStd), "initial_std", InitialStd, "finite and > 0");
        SettingCheck.Require(KlBeta >= 0 && double.IsFinite(KlBeta), "kl_beta", KlBeta, "finite and >= 0");
        SettingCheck.Require(KlTarget > 0 && double.IsFinite(KlTarget), "kl_target", KlTarget, "finite and > 0");
        SettingCheck.Require(CheckpointEvery >= 0, "checkpoint_every", CheckpointEvery, "at least 0 (0: no checkpoints)");
        SettingCheck.Require(Enum.IsDefined(Precision), "precision", Precision, "fp16, fp32 or fp64");
        SettingCheck.Require(Enum.IsDefined(Device), "device", Device, "cpu, cuda or ilgpu-cpu");
        SettingCheck.Require(AlgorithmRegistry.Contains(Algo), "algo", Algo, $"one of {AlgorithmRegistry.Names}");
        SettingCheck.Require(Enum.IsDefined(Optimizer), "optimizer", Optimizer, "adam or sgd");
        SettingCheck.Require(Enum.IsDefined(RatioMode), "ratio_mode", RatioMode, "log-space or density-quotient");
        Policy.Validate();
        TrustRegion.Validate();
        Vmpo.Validate();
        SettingCheck.Require(!Squash || Policy.MeanTransform == MeanTransform.None, "mean_transform", Policy.MeanTransform, "none when squash is on (tanh squashing replaces the mean transform)");
    }
}
