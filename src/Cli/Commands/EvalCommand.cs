using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kernel.Algorithms.Files;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel eval --run DIR</c>: runs deterministic episodes (the Gaussian's mean, clipped or squashed; the
/// categorical's argmax) of a run's latest checkpoint, or of --checkpoint, and prints each return and their mean; with
/// --out DIR it also writes them to DIR/eval.json (so an eval can be a sweep's analysis cell).
/// Exit codes: 0 done, 2 bad input (no such run, no checkpoint, a damaged or mismatched one), 3 the env's dynamics
/// broke down under the policy (a non-finite observation, an unstable MuJoCo simulation).
/// </summary>
internal static class EvalCommand
{
    private const string Prefix = "kernel eval: ";

    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A run directory written by kernel train.", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint file of that run (default: its latest)." };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to run (>= 1).", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the episodes' resets (episode e uses DeriveSeed(seed, e)).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = $"A directory to write {ResultFileName} into (the returns, their mean and std, the checkpoint)." };
        var command = new Command("eval", "Run deterministic episodes of a trained policy and print the returns.")
        {
            run,
            checkpoint,
            episodes,
            seed,
            output,
        };
        command.SetAction(result => Run(result.GetValue(run)!, result.GetValue(checkpoint), result.GetValue(episodes), result.GetValue(seed), result.GetValue(output)));
        return command;
    }

    /// <summary>The file --out receives.</summary>
    public const string ResultFileName = "eval.json";

    private static int Run(string directory, string? checkpoint, int episodes, ulong seed, string? output)
    {
        if (episodes < 1)
        {
            Console.Error.WriteLine($"{Prefix}episodes = {episodes}: must be at least 1.");
            return 2;
        }

        double[] returns;
        string evaluated;
        try
        {
            returns = TrainingRun.Evaluate(directory, checkpoint, episodes, seed);
            evaluated = checkpoint ?? TrainingRun.LatestCheckpoint(directory)!; // Evaluate refused a run without one
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
            return 2;
        }
        catch (EnvInstabilityException e)
        {
            // A numerical breakdown of the env under this policy, not a mistake in the command.
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e).TrimEnd('.')}; no returns are reported.");
            return 3;
        }

        for (int e = 0; e < returns.Length; e++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"episode {e + 1}: return {returns[e]:R}"));
        }

        double mean = returns.Average();
        double std = Math.Sqrt(returns.Select(r => (r - mean) * (r - mean)).Average());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean return {mean:F3} +- {std:F3} over {returns.Length} episodes ({evaluated})"));
        if (output is not null)
        {
            try
            {
                string path = Path.Combine(OutDirectory.Create(output), ResultFileName);
                var result = new JsonObject
                {
                    ["checkpoint"] = Path.GetFullPath(evaluated),
                    ["seed"] = seed,
                    ["episodes"] = episodes,
                    ["mean_return"] = mean,
                    ["std_return"] = std,
                    ["returns"] = new JsonArray([.. returns.Select(value => (JsonNode)value)]),
                };
                AtomicFile.WriteAllText(path, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
                return 2;
            }
        }

        return 0;
    }
}
