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

    private static string Edited(Action<JsonObject> edit)
    {
        JsonObject root = JsonNode.Parse(PpoJson)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    [Theory]
    [InlineData("gama", 0.9, "gama: not a setting (kernel train --help lists them).")]
    [InlineData("Gamma", 0.9, "Gamma: not a setting; did you mean gamma?")]
    [InlineData("NUM_ENVS", 4, "NUM_ENVS: not a setting; did you mean num_envs?")]
    public void An_unknown_or_wrongly_cased_key_is_refused(string key, double value, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root[key] = value)));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void An_unknown_key_inside_an_option_record_is_refused_with_its_path()
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root["trust_region"]!["max_k1"] = 0.1)));
        Assert.Equal("trust_region.max_k1: not a setting (kernel train --help lists them).", error.Message);
    }

    [Theory]
    [InlineData("gamma", "gamma: null is not allowed; expected a number.")]
    [InlineData("policy_hidden", "policy_hidden: null is not allowed; expected comma-separated widths of at least 1, e.g. 64,64.")]
    [InlineData("algo", "algo: null is not allowed; expected a string.")]
    public void A_null_is_refused_where_the_setting_has_no_none(string key, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root[key] = null)));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_null_is_none_where_the_setting_may_be_absent()
        => Assert.Null(TrainConfigReader.Read(Edited(root => root["max_grad_norm"] = null)).MaxGradNorm);

    [Theory]
    [InlineData("num_envs", "\"two\"", "num_envs: expected an integer.")]
    [InlineData("num_envs", "2.5", "num_envs: expected an integer.")]
    [InlineData("squash", "\"true\"", "squash: expected true or false.")]
    [InlineData("activation", "\"sigmoid\"", "activation: expected one of tanh, relu, silu.")]
    [InlineData("minibatch_size", "\"half\"", "minibatch_size: expected a count or full-batch.")]
    [InlineData("trust_region", "3", "trust_region: expected an object of settings.")]
    [InlineData("precision", "1", "precision: expected one of fp16, fp32, fp64.")]
    [InlineData("precision", "\"FP32\"", "precision: expected one of fp16, fp32, fp64.")]
    [InlineData("device", "\"gpu\"", "device: expected one of cpu, cuda, ilgpu-cpu.")]
    public void A_value_of_the_wrong_type_is_refused(string key, string json, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root[key] = JsonNode.Parse(json))));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Precision_and_device_are_written_and_read_with_their_command_line_spellings()
    {
        TrainConfig config = TrainConfig.ForAlgorithm("ppo") with { Precision = NumericPrecision.Fp64, Device = Kernel.Kernels.Gpu.DeviceKind.IlgpuCpu };
        JsonObject written = JsonNode.Parse(JsonSerializer.Serialize(config, TrainingRun.JsonOptions))!.AsObject();
        Assert.Equal("fp64", written["precision"]!.GetValue<string>());
        Assert.Equal("ilgpu-cpu", written["device"]!.GetValue<string>());
        TrainConfig read = TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { ["precision"] = "fp16", ["device"] = "ilgpu-cpu" });
        Assert.Equal((NumericPrecision.Fp16, Kernel.Kernels.Gpu.DeviceKind.IlgpuCpu), (read.Precision, read.Device));
        Assert.Equal(NumericPrecision.Fp64, Settings.Parse<NumericPrecision>("precision", "fp64"));
        Assert.Equal("precision = half: must be one of fp16, fp32, fp64.", Assert.Throws<ArgumentOutOfRangeException>(() => Settings.Parse<NumericPrecision>("precision", "half")).Message.Split(" (Parameter", 2)[0]);
    }

    [Fact]
    public void A_file_setting_outside_the_algorithm_is_refused_unless_it_holds_the_default()
    {
        Assert.Equal(0.01, TrainConfigReader.Read(PpoJson).KlBeta); // config.json holds every key: defaults pass
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.Read(Edited(root => root["kl_beta"] = 0.5)));
        Assert.Equal("kl_beta: does not apply to algo ppo (it applies to ppo-kl).", error.Message);
    }

    [Theory]
    [InlineData("ppo", "Pendulum-v1", "trust_region.max_kl", "0.02", "trust_region.max_kl: does not apply to algo ppo (it applies to trpo, npg).")]
    [InlineData("npg", "Pendulum-v1", "trust_region.line_search_steps", "3", "trust_region.line_search_steps: does not apply to algo npg (it applies to trpo).")]
    [InlineData("ppo", "Pendulum-v1", "vmpo.eta_init", "2", "vmpo.eta_init: does not apply to algo ppo (it applies to vmpo).")]
    [InlineData("a2c", "Pendulum-v1", "reinforce_baseline", "false", "reinforce_baseline: does not apply to algo a2c (it applies to reinforce).")]
    [InlineData("trpo", "Pendulum-v1", "target_kl", "0.01", "target_kl: does not apply to algo trpo (it applies to reinforce, a2c, vpg, ppo, ppo-m, ppo-kl, ppo-noclip, cpg, ")]
    [InlineData("ppo", "CartPole-v1", "squash", "true", "squash: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    [InlineData("ppo", "CartPole-v1", "policy.mean_shift", "100", "policy.mean_shift: does not apply to env CartPole-v1, whose actions are discrete (it applies to box (continuous) action spaces).")]
    public void A_given_setting_that_does_not_apply_is_refused(string algo, string env, string key, string value, string expected)
    {
        var given = new Dictionary<string, string> { ["algo"] = algo, ["env"] = env, [key] = value };
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults(algo, given));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal); // a list of algorithms may go on as entries are added
        Assert.EndsWith(").", error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void An_algorithm_default_outside_the_env_passes_when_not_given()
    {
        // TRPO squashes box actions by default; on CartPole the default is not a request.
        TrainConfig config = TrainConfigReader.FromDefaults("trpo", new Dictionary<string, string> { ["env"] = "CartPole-v1" });
        Assert.True(config.Squash);
        Assert.Equal(config.Algo, TrainConfigReader.Read(JsonSerializer.Serialize(config, TrainingRun.JsonOptions)).Algo);
    }

    [Theory]
    [InlineData("num_envs", "x", "num_envs = x: must be an integer.")]
    [InlineData("policy_hidden", "64,0", "policy_hidden = 64,0: must be comma-separated widths of at least 1, e.g. 64,64.")]
    [InlineData("minibatch_size", "all", "minibatch_size = all: must be a count or full-batch.")]
    [InlineData("num_envs", "0", "num_envs = 0: must be in 1..4096.")]
    [InlineData("minibatch_size", "4096", "minibatch_size = 4096: must be in 1..2048 (num_envs x rollout_steps), or full-batch.")]
    public void A_bad_command_line_value_names_the_setting_and_what_it_takes(string key, string value, string expected)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => TrainConfigReader.FromDefaults("ppo", new Dictionary<string, string> { [key] = value }));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Computed_keys_a_run_writes_are_read_back_and_full_batch_round_trips()
    {
        string json = JsonSerializer.Serialize(TrainConfig.ForAlgorithm("reinforce"), TrainingRun.JsonOptions);
        Assert.Contains("\"batch_size\": 2048", json, StringComparison.Ordinal);
        Assert.Contains("\"minibatch_size\": \"full-batch\"", json, StringComparison.Ordinal);
        Assert.True(TrainConfigReader.Read(json).MinibatchSize.IsFullBatch);
    }

    [Fact]
    public void Settings_a_file_leaves_out_take_its_algorithms_defaults()
    {
        TrainConfig config = TrainConfigReader.Read("{ \"algo\": \"a2c\", \"num_envs\": 2, \"trust_region\": {} }");
        Assert.Equal(JsonSerializer.Serialize(TrainConfig.ForAlgorithm("a2c") with { NumEnvs = 2 }, TrainingRun.JsonOptions), JsonSerializer.Serialize(config, TrainingRun.JsonOptions));
        Assert.True(config.MinibatchSize.IsFullBatch);
        Assert.Equal(0.01, config.EntropyCoefficient);
        Assert.Equal(0.01, config.TrustRegion.MaxKl);
    }

    [Fact]
    public void Every_setting_has_one_distinct_command_line_name()
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
}
