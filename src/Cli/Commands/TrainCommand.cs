using System.CommandLine;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Kernels.Devices;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel train</c>: trains a policy with a registered algorithm (<c>kernel algos list</c>) and writes config.json,
/// metrics.csv and metrics.jsonl (one row per update), checkpoints/*.safetensors and, if the run explodes,
/// numerics.json into --out (refused if it holds a run, unless --overwrite); --resume DIR continues a run from its
/// latest checkpoint. With no options it trains PPO on Pendulum-v1 in fp32. Settings come from the algorithm's
/// defaults, then --config (a config.json of an earlier run), then the options given. The setting options are
/// generated from <see cref="Settings"/>: one per setting of <see cref="TrainConfig"/>, with its doc comment as help.
/// Every value goes through <see cref="TrainConfigReader"/>, so the command line and config files are refused alike.
/// Running and the exit codes (0 done, 2 bad input or I/O failure, 3 exploded, 130/143 interrupted) are
/// <see cref="TrainExecution"/>'s.
/// </summary>
internal static class TrainCommand
{
    private const string Prefix = "kernel train: ";

    public static Command Create()
    {
        var command = new Command("train", "Train a policy (PPO on Pendulum-v1 in fp32 by default) and write its metrics.");
        var output = Add(command, new Option<string?>("--out") { Description = "Run directory. Default runs/<env>-<algo>-<precision>-seed<seed>." });
        var configFile = Add(command, new Option<string?>("--config") { Description = "A config.json to start from (options given here override it)." });
        var overwrite = Add(command, new Option<bool?>("--overwrite") { Description = "Replace a run already in --out (its files are removed first) instead of refusing the directory." });
        var resume = Add(command, new Option<string?>("--resume") { Description = "Continue the run in this directory from its latest checkpoint (only --steps may be given with it)." });
        var settings = Settings.All.Select(setting => (Setting: setting, Option: AddSetting(command, setting))).ToArray();
        Option steps = settings.Single(pair => pair.Setting.Key == "total_steps").Option;

        command.SetAction(result =>
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((Setting setting, Option option) in settings)
            {
                if (result.GetResult(option) is { Implicit: false } && ValueOf(result, option) is { } text)
                {
                    given[setting.Key] = text;
                }
            }

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

                return Resume(resumeDirectory, given.TryGetValue("total_steps", out string? total) ? total : null);
            }

            TrainConfig config;
            try
            {
                config = result.GetValue(configFile) is { } path
                    ? TrainConfigReader.Read(ReadConfigFile(path), given)
                    : TrainConfigReader.FromDefaults(given.GetValueOrDefault("algo") ?? "ppo", given);
            }
            catch (ConfigException e) when (result.GetValue(configFile) is { } path && !given.ContainsKey(e.Key))
            {
                Console.Error.WriteLine($"{Prefix}config = {path}: {e.Message}");
                return 2;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
                return 2;
            }
            catch (DllNotFoundException e)
            {
                // Checking which settings apply makes the env: a MuJoCo env without libmujoco fails here, in one line.
                Console.Error.WriteLine($"{Prefix}{given.GetValueOrDefault("env")}: {UsageError.Describe(e)}");
                return 1;
            }

            string directory = result.GetValue(output) ?? Path.Combine("runs", $"{config.Env}-{config.Algo}-{Settings.NameOf(config.Precision)}-seed{config.Seed}");
            return TrainExecution.Run(config, directory, result.GetValue(overwrite) ?? false);
        });
        return command;
    }

    /// <summary>The option of <paramref name="setting"/>: a flag that may stand alone for a bool, a text value otherwise (parsed by <see cref="TrainConfigReader"/>).</summary>
    private static Option AddSetting(Command command, Setting setting)
    {
        string help = SettingHelp.Describe(setting);
        Option option = setting.ValueType == typeof(bool) ? new Option<bool?>("--" + setting.OptionName) { Description = help, HelpName = "true|false" }
            : setting.ValueType == typeof(IReadOnlyDictionary<string, string>) ? new Option<string[]>("--" + setting.OptionName) { Description = help, HelpName = SettingHelp.ValueName(setting) }
            : new Option<string?>("--" + setting.OptionName) { Description = help, HelpName = SettingHelp.ValueName(setting) };
        command.Options.Add(option);
        return option;
    }

    private static string? ValueOf(ParseResult result, Option option) => option switch
    {
        Option<bool?> flag => result.GetValue(flag) is { } value ? (value ? "true" : "false") : null,
        Option<string?> text => result.GetValue(text),
        Option<string[]> items => result.GetValue(items) is { Length: > 0 } values ? string.Join(',', values) : null, // a repeated option, as the reader's comma-separated items
        _ => null,
    };

    private static string ReadConfigFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"config = {path}: cannot read it ({e.Message}).", "config", e);
        }
    }

    private static int Resume(string directory, string? stepsText)
    {
        if (stepsText is null)
        {
            return TrainExecution.Resume(directory, null);
        }

        if (!long.TryParse(stepsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long steps))
        {
            Console.Error.WriteLine($"{Prefix}total_steps = {stepsText}: must be an integer.");
            return 2;
        }

        return TrainExecution.Resume(directory, steps);
    }

    private static Option<TValue> Add<TValue>(Command command, Option<TValue> option)
    {
        command.Options.Add(option);
        return option;
    }
}
