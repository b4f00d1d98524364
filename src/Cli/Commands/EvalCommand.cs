using System.CommandLine;
using System.Globalization;
using Kernel.Algorithms.Training;
using Kernel.Envs;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel eval --run DIR</c>: runs deterministic episodes (the Gaussian's mean, clipped or squashed; the
/// categorical's argmax) of a run's latest checkpoint, or of --checkpoint, and prints each return and their mean.
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
        var command = new Command("eval", "Run deterministic episodes of a trained policy and print the returns.")
        {
            run,
            checkpoint,
            episodes,
            seed,
        };
        command.SetAction(result => Run(result.GetValue(run)!, result.GetValue(checkpoint), result.GetValue(episodes), result.GetValue(seed)));
        return command;
    }

    private static int Run(string directory, string? checkpoint, int episodes, ulong seed)
    {
        if (episodes < 1)
        {
            Console.Error.WriteLine($"{Prefix}episodes = {episodes}: must be at least 1.");
            return 2;
        }

        double[] returns;
        try
        {
            returns = TrainingRun.Evaluate(directory, checkpoint, episodes, seed);
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean return {mean:F3} +- {std:F3} over {returns.Length} episodes ({checkpoint ?? TrainingRun.LatestCheckpoint(directory)})"));
        return 0;
    }
}
