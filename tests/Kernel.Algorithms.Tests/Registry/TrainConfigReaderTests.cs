using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Registry;

/// <summary>Strict configs: every refusal names its key in one line, and config.json as a run writes it reads back.</summary>
public sealed class TrainConfigReaderTests
{
    private static readonly string PpoJson = JsonSerializer.Serialize(TrainConfig.ForAlgorithm("ppo"), TrainingRun.JsonOptions);

    /// <summary>PPO's config.json with the value at a dotted key (inside option records) replaced.</summary>
    private static string Edited(string key, JsonNode? value) => Edited(root =>
    {
        string[] parts = key.Split('.');
        JsonObject parent = root;
        foreach (string part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        parent[parts[^1]] = value;
    });

    private static string Edited(Action<JsonObject> edit)
    {
        JsonObject root = JsonNode.Parse(PpoJson)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    [Theory]
    [InlineData("gama", 0.9, "gama: not a setting (kernel train --help lists them).")]
    [InlineData("Gamma", 0.9, "Gamma: not a setting; did you mean rollout.gamma?")]
    [InlineData("NUM_ENVS", 4, "NUM_ENVS: not a setting; did you mean rollout.num_envs?")]
    [InlineData("rollout.Gamma", 0.9, "rollout.Gamma: not a setting; did you mean rollout.gamma?")]
    [InlineData("policy.mean_shift", 1, "policy.mean_shift: not a setting; did you mean policy.gaussian.mean_shift?")]
    public void AnUnknownOrWronglyCasedKeyIsRefused(string key, double value, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(key, value)));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void AnUnknownKeyInsideAnOptionRecordIsRefusedWithItsPath()
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root["trust_region"]!["max_k1"] = 0.1)));
        Assert.Equal("trust_region.max_k1: not a setting (kernel train --help lists them).", error.Message);
    }

    [Theory]
    [InlineData("rollout.gamma", "rollout.gamma: null is not allowed; expected a number.")]
    [InlineData("policy.hidden", "policy.hidden: null is not allowed; expected comma-separated widths of at least 1, e.g. 64,64.")]
    [InlineData("value", "value: expected an object of settings.")]
    [InlineData("algo", "algo: null is not allowed; expected a string.")]
    public void ANullIsRefusedWhereTheSettingHasNoNone(string key, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(key, null)));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ANullIsNoneWhereTheSettingMayBeAbsent()
        => Assert.Null(TrainConfigReader.Read(Edited("optimizer.max_grad_norm", null)).Optimizer.MaxGradNorm);

    [Theory]
    [InlineData("rollout.num_envs", "\"two\"", "rollout.num_envs: expected an integer.")]
    [InlineData("rollout.num_envs", "2.5", "rollout.num_envs: expected an integer.")]
    [InlineData("policy.squash", "\"true\"", "policy.squash: expected true or false.")]
    [InlineData("activation", "\"sigmoid\"", "activation: expected one of tanh, relu, silu.")]
    [InlineData("optimizer.minibatch_size", "\"half\"", "optimizer.minibatch_size: expected a count or full-batch.")]
    [InlineData("policy.gaussian.std", "\"exp\"", "policy.gaussian.std: expected one of log-std, softplus-offset.")]
    [InlineData("trust_region", "3", "trust_region: expected an object of settings.")]
    [InlineData("precision", "1", "precision: expected one of fp16, fp32, fp64.")]
    [InlineData("precision", "\"FP32\"", "precision: expected one of fp16, fp32, fp64.")]
    [InlineData("device", "\"gpu\"", "device: expected one of cpu, cuda, ilgpu-cpu.")]
    public void AValueOfTheWrongTypeIsRefused(string key, string json, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(key, JsonNode.Parse(json))));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void PrecisionAndDeviceAreWrittenAndReadWithTheirCommandLineSpellings()
    {
        TrainConfig config = TrainConfig.ForAlgorithm("ppo") with { Precision = NumericPrecision.Fp64, Device = Kernel.Kernels.Devices.DeviceKind.IlgpuCpu };
        JsonObject written = JsonNode.Parse(JsonSerializer.Serialize(config, TrainingRun.JsonOptions))!.AsObject();
        Assert.Equal("fp64", written["precision"]!.GetValue<string>());
        Assert.Equal("ilgpu-cpu", written["device"]!.GetValue<string>());
        TrainConfig read = TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { ["precision"] = "fp16", ["device"] = "ilgpu-cpu" });
        Assert.Equal((NumericPrecision.Fp16, Kernel.Kernels.Devices.DeviceKind.IlgpuCpu), (read.Precision, read.Device));
        Assert.Equal(NumericPrecision.Fp64, Settings.Parse<NumericPrecision>("precision", "fp64"));
        Assert.Equal("precision = half: must be one of fp16, fp32, fp64.", Assert.Throws<ArgumentOutOfRangeException>(() => Settings.Parse<NumericPrecision>("precision", "half")).Message.Split(" (Parameter", 2)[0]);
    }

    [Fact]
    public void AFileSettingOutsideTheAlgorithmIsRefusedUnlessItHoldsTheDefault()
    {
        Assert.Equal(0.01, TrainConfigReader.Read(PpoJson).Surrogate.KlBeta); // config.json holds every key: defaults pass
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited("surrogate.kl_beta", 0.5)));
        Assert.Equal("surrogate.kl_beta: does not apply to algo ppo (it applies to ppo-kl).", error.Message);
    }

    [Theory]
    [InlineData("ppo", "Pendulum-v1", "trust_region.max_kl", "0.02", "trust_region.max_kl: does not apply to algo ppo (it applies to trpo, npg).")]
    [InlineData("npg", "Pendulum-v1", "trust_region.line_search_steps", "3", "trust_region.line_search_steps: does not apply to algo npg (it applies to trpo).")]
    [InlineData("ppo", "Pendulum-v1", "vmpo.eta_init", "2", "vmpo.eta_init: does not apply to algo ppo (it applies to vmpo).")]
    [InlineData("a2c", "Pendulum-v1", "value.reinforce_baseline", "false", "value.reinforce_baseline: does not apply to algo a2c (it applies to reinforce).")]
    [InlineData("trpo", "Pendulum-v1", "optimizer.target_kl", "0.01", "optimizer.target_kl: does not apply to algo trpo (it applies to reinforce, a2c, vpg, ppo, ppo-m, ppo-kl, ppo-noclip, cpg, ")]
    [InlineData("ppo", "CartPole-v1", "policy.squash", "true", "policy.squash: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    [InlineData("ppo", "CartPole-v1", "policy.gaussian.mean_shift", "100", "policy.gaussian.mean_shift: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    public void AGivenSettingThatDoesNotApplyIsRefused(string algo, string env, string key, string value, string expected)
    {
        var given = new Dictionary<string, string> { ["algo"] = algo, ["env"] = env, [key] = value };
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults(algo, given));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal); // a list of algorithms may go on as entries are added
        Assert.EndsWith(").", error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void AnAlgorithmDefaultOutsideTheEnvPassesWhenNotGiven()
    {
        // TRPO squashes box actions by default; on CartPole the default is not a request.
        TrainConfig config = TrainConfigReader.FromDefaults("trpo", new Dictionary<string, string> { ["env"] = "CartPole-v1" });
        Assert.True(config.Policy.Squash);
        Assert.Equal(config.Algo, TrainConfigReader.Read(JsonSerializer.Serialize(config, TrainingRun.JsonOptions)).Algo);
    }

    [Theory]
    [InlineData("rollout.num_envs", "x", "num_envs = x: must be an integer.")]
    [InlineData("policy.hidden", "64,0", "policy_hidden = 64,0: must be comma-separated widths of at least 1, e.g. 64,64.")]
    [InlineData("optimizer.minibatch_size", "all", "minibatch_size = all: must be a count or full-batch.")]
    [InlineData("vmpo.eta_init", "x", "vmpo_eta_init = x: must be a number.")]
    [InlineData("rollout.num_envs", "0", "num_envs = 0: must be in 1..4096.")]
    [InlineData("optimizer.minibatch_size", "4096", "minibatch_size = 4096: must be in 1..2048 (num_envs x rollout_steps), or full-batch.")]
    public void ABadCommandLineValueNamesTheSettingAndWhatItTakes(string key, string value, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { [key] = value }));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ComputedKeysARunWritesAreReadBackAndFullBatchRoundTrips()
    {
        string json = JsonSerializer.Serialize(TrainConfig.ForAlgorithm("reinforce"), TrainingRun.JsonOptions);
        Assert.Contains("\"batch_size\": 2048", json, StringComparison.Ordinal);
        Assert.Contains("\"minibatch_size\": \"full-batch\"", json, StringComparison.Ordinal);
        Assert.True(TrainConfigReader.Read(json).Optimizer.MinibatchSize.IsFullBatch);
    }

    [Fact]
    public void SettingsAFileLeavesOutTakeItsAlgorithmsDefaults()
    {
        TrainConfig config = TrainConfigReader.Read("{ \"algo\": \"a2c\", \"rollout\": { \"num_envs\": 2 }, \"trust_region\": {} }");
        TrainConfig a2c = TrainConfig.ForAlgorithm("a2c");
        Assert.Equal(JsonSerializer.Serialize(a2c with { Rollout = a2c.Rollout with { NumEnvs = 2 } }, TrainingRun.JsonOptions), JsonSerializer.Serialize(config, TrainingRun.JsonOptions));
        Assert.True(config.Optimizer.MinibatchSize.IsFullBatch);
        Assert.Equal(0.01, config.Policy.EntropyCoefficient);
        Assert.Equal(0.01, config.TrustRegion.MaxKl);
    }

    [Fact]
    public void EverySettingHasOneDistinctCommandLineName()
    {
        string[] options = [.. Settings.All.Select(setting => setting.OptionName)];
        Assert.Equal(options.Length, options.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("steps", options);
        Assert.Contains("envs", options);
        Assert.Contains("anneal-lr", options);
        Assert.Contains("vmpo-eta-init", options);
        Assert.Contains("max-kl", options);
        Assert.Contains("mean-shift", options);
    }

    [Fact]
    public void TheCommandLineNamesAreThoseOfEarlierVersions()
    {
        // Sweeps, experiments and scripts pass these flags; the records behind them may move, the names may not.
        string[] earlier =
        ["env", "env-option", "algo", "precision", "device", "seed", "steps", "activation", "orthogonal-init",
        "log-steps", "checkpoint-every", "eval-every", "eval-episodes", "heldout-steps", "heldout-every", "envs", "rollout-steps", "gamma", "gae-lambda", "normalize-advantages",
        "normalize-observations", "observation-clip", "reward-scale", "scale-rewards", "reward-clip", "optimizer",
        "learning-rate", "anneal-lr", "adam-epsilon", "max-grad-norm", "grad-clip-value", "epochs", "minibatch-size",
        "target-kl", "policy-hidden", "initial-std", "std", "softplus-offset", "std-lower-bound", "mean-transform",
        "mean-shift", "log-prob-at", "squash", "entropy-coefficient", "value-hidden", "value-coefficient",
        "clip-value-loss", "reinforce-baseline", "clip-epsilon", "ratio-mode", "kl-beta", "adaptive-kl", "kl-target",
        "max-kl", "cg-damping", "cg-iterations", "cg-tolerance", "line-search-steps", "line-search-shrink",
        "fisher-product", "fisher-stride", "vmpo-eta-init", "vmpo-nu-mean-init", "vmpo-nu-std-init", "vmpo-eta-min",
        "vmpo-nu-min", "vmpo-epsilon-eta", "vmpo-epsilon-nu-mean", "vmpo-epsilon-nu-std",
        "controller", "controller-hidden", "init", "fixed-std", "step-size", "trajectories-per-epoch", "horizon"];
        Assert.Equal(earlier.Order(StringComparer.Ordinal), Settings.All.Select(setting => setting.OptionName).Order(StringComparer.Ordinal));
    }
}
