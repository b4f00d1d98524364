using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.SecondOrder;
using Kernel.Algorithms.Training;
using Kernel.Kernels.Gpu;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel train</c>: trains a policy with a first-order policy-gradient algorithm and writes config.json,
/// metrics.csv and metrics.jsonl (one row per update), checkpoints/*.safetensors and, if the run explodes,
/// numerics.json into --out (refused if it holds a run, unless --overwrite); --resume DIR continues a run from its
/// latest checkpoint. With no options it trains PPO on Pendulum-v1 in fp32. Settings come from the algorithm's
/// defaults, then --config (a config.json of an earlier run), then the options given. Running and the exit codes
/// (0 done, 2 bad input or I/O failure, 3 exploded, 130/143 interrupted) are <see cref="TrainExecution"/>'s.
/// </summary>
internal static class TrainCommand
{
    private const string Prefix = "kernel train: ";

    private static readonly Dictionary<string, AlgorithmKind> Algorithms = new(StringComparer.Ordinal)
    {
        ["reinforce"] = AlgorithmKind.Reinforce,
        ["a2c"] = AlgorithmKind.A2c,
        ["vpg"] = AlgorithmKind.Vpg,
        ["ppo"] = AlgorithmKind.Ppo,
        ["ppo-m"] = AlgorithmKind.PpoM,
        ["ppo-kl"] = AlgorithmKind.PpoKl,
        ["ppo-noclip"] = AlgorithmKind.PpoNoClip,
        ["cpg"] = AlgorithmKind.Cpg,
        ["trpo"] = AlgorithmKind.Trpo,
        ["npg"] = AlgorithmKind.Npg,
        ["vmpo"] = AlgorithmKind.Vmpo,
    };

    public static Command Create()
    {
        var command = new Command("train", "Train a policy (PPO on Pendulum-v1 in fp32 by default) and write its metrics.");
        var env = Add(command, new Option<string?>("--env") { Description = "Env id (kernel envs list). Default Pendulum-v1." });
        var algo = Add(command, new Option<string?>("--algo") { Description = $"Algorithm: {string.Join(", ", Algorithms.Keys)}. Default ppo." });
        var precision = Add(command, new Option<string?>("--precision") { Description = "fp16, fp32 or fp64. Default fp32." });
        var device = Add(command, new Option<string?>("--device") { Description = "Where the networks and losses run: cpu, ilgpu-cpu or cuda (kernel devices lists them; envs stay on the CPU). Default cpu." });
        var seed = Add(command, new Option<ulong?>("--seed") { Description = "Seed of everything random in the run. Default 1." });
        var steps = Add(command, new Option<long?>("--steps") { Description = "Environment steps in total. Default 300000." });
        var envs = Add(command, new Option<int?>("--envs") { Description = "Env copies stepped together. Default 8." });
        var output = Add(command, new Option<string?>("--out") { Description = "Run directory. Default runs/<env>-<algo>-<precision>-seed<seed>." });
        var configFile = Add(command, new Option<string?>("--config") { Description = "A config.json to start from (options given here override it)." });
        var rolloutSteps = Add(command, new Option<int?>("--rollout-steps") { Description = "Steps per copy per update." });
        var epochs = Add(command, new Option<int?>("--epochs") { Description = "Passes over each batch." });
        var minibatch = Add(command, new Option<int?>("--minibatch-size") { Description = "Samples per minibatch." });
        var gamma = Add(command, new Option<double?>("--gamma") { Description = "Discount in [0, 1]." });
        var lambda = Add(command, new Option<double?>("--gae-lambda") { Description = "GAE lambda in [0, 1]." });
        var clip = Add(command, new Option<double?>("--clip-epsilon") { Description = "PPO/CPG clip epsilon in (0, 1)." });
        var learningRate = Add(command, new Option<double?>("--learning-rate") { Description = "Adam learning rate (> 0)." });
        var entropy = Add(command, new Option<double?>("--entropy-coefficient") { Description = "Entropy bonus coefficient (>= 0)." });
        var valueCoefficient = Add(command, new Option<double?>("--value-coefficient") { Description = "Value loss coefficient (>= 0)." });
        var maxGradNorm = Add(command, new Option<double?>("--max-grad-norm") { Description = "Global L2 gradient-norm clip (> 0); 0 for none." });
        var gradClipValue = Add(command, new Option<double?>("--grad-clip-value") { Description = "Per-component gradient clip (> 0)." });
        var targetKl = Add(command, new Option<double?>("--target-kl") { Description = "Stop an update's epochs once approx_kl exceeds this." });
        var policyHidden = Add(command, new Option<string?>("--policy-hidden") { Description = "Policy hidden widths, e.g. 64,64." });
        var valueHidden = Add(command, new Option<string?>("--value-hidden") { Description = "Value hidden widths, e.g. 64,64." });
        var activation = Add(command, new Option<string?>("--activation") { Description = "Hidden activation: tanh, relu or silu." });
        var initialStd = Add(command, new Option<double?>("--initial-std") { Description = "Initial policy standard deviation (> 0)." });
        var meanShift = Add(command, new Option<double?>("--mean-shift") { Description = "Constant c added to the policy mean (000 A.2 uses 100)." });
        var meanTransform = Add(command, new Option<string?>("--mean-transform") { Description = "none, clip or tanh." });
        var stdLowerBound = Add(command, new Option<double?>("--std-lower-bound") { Description = "Lower bound on sigma (e.g. 1e-6, 1e-4)." });
        var ratioMode = Add(command, new Option<string?>("--ratio-mode") { Description = "log-space or density-quotient." });
        var klBeta = Add(command, new Option<double?>("--kl-beta") { Description = "PPO-KL penalty coefficient b (>= 0)." });
        var adaptiveKl = Add(command, new Option<bool?>("--adaptive-kl") { Description = "PPO-KL: adapt beta toward --kl-target." });
        var normalizeAdvantages = Add(command, new Option<bool?>("--normalize-advantages") { Description = "Normalise advantages per minibatch (true/false)." });
        var normalizeObservations = Add(command, new Option<bool?>("--normalize-observations") { Description = "Normalise observations by running statistics (true/false)." });
        var scaleRewards = Add(command, new Option<bool?>("--scale-rewards") { Description = "Scale rewards by the discounted-return std (true/false)." });
        var clipValueLoss = Add(command, new Option<bool?>("--clip-value-loss") { Description = "Clip the value loss (true/false)." });
        var annealLr = Add(command, new Option<bool?>("--anneal-lr") { Description = "Anneal the learning rate linearly to 0 (true/false)." });
        var orthogonal = Add(command, new Option<bool?>("--orthogonal-init") { Description = "Orthogonal init (true) or PyTorch's default (false)." });
        var std = Add(command, new Option<string?>("--std") { Description = "Std parameterisation: log-std or softplus-offset (softplus(rho) + c0, 000 A.3)." });
        var softplusOffset = Add(command, new Option<double?>("--softplus-offset") { Description = "c0 of softplus-offset (> 0). Default 0.1." });
        var logProbAt = Add(command, new Option<string?>("--log-prob-at") { Description = "Log-prob of the clipped-action (what the env got) or the raw-sample." });
        var squash = Add(command, new Option<bool?>("--squash") { Description = "Tanh-squashed Gaussian instead of a clipped one (true/false)." });
        var adamEpsilon = Add(command, new Option<double?>("--adam-epsilon") { Description = "Adam epsilon (> 0). Default 1e-5." });
        var klTarget = Add(command, new Option<double?>("--kl-target") { Description = "PPO-KL adaptive beta's KL target (> 0)." });
        var reinforceBaseline = Add(command, new Option<bool?>("--reinforce-baseline") { Description = "REINFORCE with a learned value baseline (true/false)." });
        var observationClip = Add(command, new Option<double?>("--observation-clip") { Description = "Clip normalised observations to +-this (> 0)." });
        var rewardClip = Add(command, new Option<double?>("--reward-clip") { Description = "Clip scaled rewards to +-this (> 0)." });
        var checkpointEvery = Add(command, new Option<int?>("--checkpoint-every") { Description = "Write a checkpoint every N updates and after the last (0: none). Default 10." });
        var maxKl = Add(command, new Option<double?>("--max-kl") { Description = "TRPO/NPG: the KL budget delta per step (> 0). Default 0.01." });
        var cgDamping = Add(command, new Option<double?>("--cg-damping") { Description = "TRPO/NPG: lambda in (F + lambda I) (>= 0). Default 0.1." });
        var cgIterations = Add(command, new Option<int?>("--cg-iterations") { Description = "TRPO/NPG: conjugate-gradient iterations (>= 1). Default 10." });
        var cgTolerance = Add(command, new Option<double?>("--cg-tolerance") { Description = "TRPO/NPG: CG's relative residual tolerance (>= 0). Default 1e-10." });
        var lineSearchSteps = Add(command, new Option<int?>("--line-search-steps") { Description = "TRPO: backtracking steps (>= 1). Default 10." });
        var lineSearchShrink = Add(command, new Option<double?>("--line-search-shrink") { Description = "TRPO: backtracking shrink factor in (0, 1). Default 0.8." });
        var fisherProduct = Add(command, new Option<string?>("--fisher-product") { Description = "TRPO/NPG: gauss-newton (forward + reverse mode) or exact (double backward)." });
        var fisherStride = Add(command, new Option<int?>("--fisher-stride") { Description = "TRPO/NPG: Fisher products use every k-th state of the batch (>= 1). Default 1." });
        var etaInit = Add(command, new Option<double?>("--vmpo-eta-init") { Description = "V-MPO: initial temperature eta (> 0). Default 1." });
        var nuMeanInit = Add(command, new Option<double?>("--vmpo-nu-mean-init") { Description = "V-MPO: initial mean-KL multiplier (> 0). Default 1." });
        var nuStdInit = Add(command, new Option<double?>("--vmpo-nu-std-init") { Description = "V-MPO: initial std-KL multiplier (> 0). Default 1." });
        var etaMin = Add(command, new Option<double?>("--vmpo-eta-min") { Description = "V-MPO: eta's projection floor (> 0). Default 1e-8." });
        var nuMin = Add(command, new Option<double?>("--vmpo-nu-min") { Description = "V-MPO: the multipliers' projection floor (> 0). Default 1e-8." });
        var epsilonEta = Add(command, new Option<double?>("--vmpo-epsilon-eta") { Description = "V-MPO: temperature bound epsilon_eta (> 0). Default 0.01." });
        var epsilonNuMean = Add(command, new Option<double?>("--vmpo-epsilon-nu-mean") { Description = "V-MPO: mean-KL bound (> 0). Default 0.01." });
        var epsilonNuStd = Add(command, new Option<double?>("--vmpo-epsilon-nu-std") { Description = "V-MPO: std-KL bound (> 0). Default 5e-5." });
        var overwrite = Add(command, new Option<bool?>("--overwrite") { Description = "Replace a run already in --out (its files are removed first) instead of refusing the directory." });
        var resume = Add(command, new Option<string?>("--resume") { Description = "Continue the run in this directory from its latest checkpoint (only --steps may be given with it)." });

        command.SetAction(result =>
        {
            if (result.GetValue(resume) is { } resumeDirectory)
            {
                string[] others = [.. command.Options
                    .Where(option => option != resume && option != steps && result.GetResult(option) is { Implicit: false })
                    .Select(option => option.Name)];
                if (others.Length > 0)
                {
                    Console.Error.WriteLine($"{Prefix}--resume continues a run with its own config.json; only --steps may be given with it, not {string.Join(", ", others)}.");
                    return 2;
                }

                return TrainExecution.Resume(resumeDirectory, result.GetValue(steps), Name);
            }

            TrainConfig config;
            try
            {
                string algoName = result.GetValue(algo) ?? "ppo";
                if (!Algorithms.TryGetValue(algoName, out AlgorithmKind kind))
                {
                    throw new ArgumentOutOfRangeException("algo", algoName, $"algo = {algoName}: must be one of {string.Join(", ", Algorithms.Keys)}.");
                }

                config = result.GetValue(configFile) is { } path ? ReadConfig(path) : TrainConfig.ForAlgorithm(kind);
                if (result.GetValue(algo) is not null && config.Algo != kind)
                {
                    config = config with { Algo = kind };
                }

                config = config with
                {
                    Env = result.GetValue(env) ?? config.Env,
                    Precision = result.GetValue(precision) ?? config.Precision,
                    Device = result.GetValue(device) ?? config.Device,
                    Seed = result.GetValue(seed) ?? config.Seed,
                    TotalSteps = result.GetValue(steps) ?? config.TotalSteps,
                    NumEnvs = result.GetValue(envs) ?? config.NumEnvs,
                    RolloutSteps = result.GetValue(rolloutSteps) ?? config.RolloutSteps,
                    Epochs = result.GetValue(epochs) ?? config.Epochs,
                    MinibatchSize = result.GetValue(minibatch) ?? config.MinibatchSize,
                    Gamma = result.GetValue(gamma) ?? config.Gamma,
                    GaeLambda = result.GetValue(lambda) ?? config.GaeLambda,
                    ClipEpsilon = result.GetValue(clip) ?? config.ClipEpsilon,
                    LearningRate = result.GetValue(learningRate) ?? config.LearningRate,
                    EntropyCoefficient = result.GetValue(entropy) ?? config.EntropyCoefficient,
                    ValueCoefficient = result.GetValue(valueCoefficient) ?? config.ValueCoefficient,
                    MaxGradNorm = result.GetValue(maxGradNorm) is { } norm ? (norm == 0 ? null : norm) : config.MaxGradNorm,
                    GradClipValue = result.GetValue(gradClipValue) ?? config.GradClipValue,
                    TargetKl = result.GetValue(targetKl) ?? config.TargetKl,
                    PolicyHidden = result.GetValue(policyHidden) is { } ph ? Widths("policy_hidden", ph) : config.PolicyHidden,
                    ValueHidden = result.GetValue(valueHidden) is { } vh ? Widths("value_hidden", vh) : config.ValueHidden,
                    Activation = result.GetValue(activation) is { } a ? Choice<Activation>("activation", a) : config.Activation,
                    InitialStd = result.GetValue(initialStd) ?? config.InitialStd,
                    RatioMode = result.GetValue(ratioMode) is { } rm ? Choice<RatioMode>("ratio_mode", rm) : config.RatioMode,
                    KlBeta = result.GetValue(klBeta) ?? config.KlBeta,
                    AdaptiveKl = result.GetValue(adaptiveKl) ?? config.AdaptiveKl,
                    NormalizeAdvantages = result.GetValue(normalizeAdvantages) ?? config.NormalizeAdvantages,
                    NormalizeObservations = result.GetValue(normalizeObservations) ?? config.NormalizeObservations,
                    ScaleRewards = result.GetValue(scaleRewards) ?? config.ScaleRewards,
                    ClipValueLoss = result.GetValue(clipValueLoss) ?? config.ClipValueLoss,
                    AnnealLearningRate = result.GetValue(annealLr) ?? config.AnnealLearningRate,
                    OrthogonalInit = result.GetValue(orthogonal) ?? config.OrthogonalInit,
                    Squash = result.GetValue(squash) ?? config.Squash,
                    AdamEpsilon = result.GetValue(adamEpsilon) ?? config.AdamEpsilon,
                    KlTarget = result.GetValue(klTarget) ?? config.KlTarget,
                    ReinforceBaseline = result.GetValue(reinforceBaseline) ?? config.ReinforceBaseline,
                    ObservationClip = result.GetValue(observationClip) ?? config.ObservationClip,
                    RewardClip = result.GetValue(rewardClip) ?? config.RewardClip,
                    CheckpointEvery = result.GetValue(checkpointEvery) ?? config.CheckpointEvery,
                    Policy = config.Policy with
                    {
                        Std = result.GetValue(std) is { } sp ? Choice<StdParameterization>("std", sp) : config.Policy.Std,
                        SoftplusOffset = result.GetValue(softplusOffset) ?? config.Policy.SoftplusOffset,
                        LogProbAt = result.GetValue(logProbAt) is { } lp ? Choice<LogProbPoint>("log_prob_at", lp) : config.Policy.LogProbAt,
                        MeanShift = result.GetValue(meanShift) ?? config.Policy.MeanShift,
                        MeanTransform = result.GetValue(meanTransform) is { } mt ? Choice<MeanTransform>("mean_transform", mt) : config.Policy.MeanTransform,
                        StdLowerBound = result.GetValue(stdLowerBound) ?? config.Policy.StdLowerBound,
                    },
                    TrustRegion = config.TrustRegion with
                    {
                        MaxKl = result.GetValue(maxKl) ?? config.TrustRegion.MaxKl,
                        CgDamping = result.GetValue(cgDamping) ?? config.TrustRegion.CgDamping,
                        CgIterations = result.GetValue(cgIterations) ?? config.TrustRegion.CgIterations,
                        CgTolerance = result.GetValue(cgTolerance) ?? config.TrustRegion.CgTolerance,
                        LineSearchSteps = result.GetValue(lineSearchSteps) ?? config.TrustRegion.LineSearchSteps,
                        LineSearchShrink = result.GetValue(lineSearchShrink) ?? config.TrustRegion.LineSearchShrink,
                        FisherProduct = result.GetValue(fisherProduct) is { } fp ? Choice<FisherProductMode>("fisher_product", fp) : config.TrustRegion.FisherProduct,
                        FisherStride = result.GetValue(fisherStride) ?? config.TrustRegion.FisherStride,
                    },
                    Vmpo = config.Vmpo with
                    {
                        EtaInit = result.GetValue(etaInit) ?? config.Vmpo.EtaInit,
                        NuMeanInit = result.GetValue(nuMeanInit) ?? config.Vmpo.NuMeanInit,
                        NuStdInit = result.GetValue(nuStdInit) ?? config.Vmpo.NuStdInit,
                        EtaMin = result.GetValue(etaMin) ?? config.Vmpo.EtaMin,
                        NuMin = result.GetValue(nuMin) ?? config.Vmpo.NuMin,
                        EpsilonEta = result.GetValue(epsilonEta) ?? config.Vmpo.EpsilonEta,
                        EpsilonNuMean = result.GetValue(epsilonNuMean) ?? config.Vmpo.EpsilonNuMean,
                        EpsilonNuStd = result.GetValue(epsilonNuStd) ?? config.Vmpo.EpsilonNuStd,
                    },
                };
                config.Validate();
                if (!Kernel.Envs.Envs.Registered.Any(r => r.Id == config.Env))
                {
                    throw new ArgumentOutOfRangeException("env", config.Env, $"env = {config.Env}: must be one of {string.Join(", ", Kernel.Envs.Envs.Registered.Select(r => r.Id))}.");
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
                return 2;
            }

            string directory = result.GetValue(output) ?? Path.Combine("runs", $"{config.Env}-{Name(config.Algo)}-{config.Precision}-seed{config.Seed}");
            return TrainExecution.Run(config, directory, result.GetValue(overwrite) ?? false, Name(config.Algo));
        });
        return command;
    }

    private static Option<TValue> Add<TValue>(Command command, Option<TValue> option)
    {
        command.Options.Add(option);
        return option;
    }

    private static TrainConfig ReadConfig(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"config = {path}: cannot read it ({e.Message}).", "config", e);
        }

        try
        {
            return JsonSerializer.Deserialize<TrainConfig>(text, TrainingRun.JsonOptions)
                ?? throw new ArgumentException($"config = {path}: the file holds null, not a configuration.", "config");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"config = {path}: not a valid configuration ({e.Message}).", "config", e);
        }
    }

    private static int[] Widths(string name, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                throw new ArgumentOutOfRangeException(name, text, $"{name} = {text}: must be comma-separated widths of at least 1, e.g. 64,64.");
            }
        }

        return widths;
    }

    private static TEnum Choice<TEnum>(string name, string text)
        where TEnum : struct, Enum
    {
        string normalized = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (Enum.TryParse(normalized, ignoreCase: true, out TEnum value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        string allowed = string.Join(", ", Enum.GetNames<TEnum>().Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)));
        throw new ArgumentOutOfRangeException(name, text, $"{name} = {text}: must be one of {allowed}.");
    }

    private static string Name(AlgorithmKind kind) => Algorithms.First(pair => pair.Value == kind).Key;
}
