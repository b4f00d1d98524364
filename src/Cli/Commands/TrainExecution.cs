using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Envs;
using Kernel.Kernels.Devices;
using Kernel.Plots;

namespace Kernel.Cli.Commands;

/// <summary>
/// Runs or resumes a validated training run for <c>kernel train</c> and turns every way it can end into one line and
/// an exit code: 0 done, 2 bad input or an I/O failure (bad --out, a run already there, permissions, a full disk, a
/// damaged checkpoint), 3 the run exploded (a non-finite number, or an env whose dynamics broke down), 130/143 stopped by SIGINT/SIGTERM after
/// a checkpoint, 1 a missing native library.
/// </summary>
internal static class TrainExecution
{
    private const string Prefix = "kernel train: ";

    /// <summary>The figures a run gets when it ends: plots/*.png from its metrics (Kernel.Plots).</summary>
    private static readonly Action<string> Figures = directory => RunPlots.Write(directory);

    /// <summary>Starts a new run of <paramref name="config"/> in <paramref name="directory"/>.</summary>
    public static int Run(TrainConfig config, string directory, bool overwrite)
    {
        var progress = new TrainingProgress(config);
        var interrupt = new InterruptRequest();
        return Guard($"out = {directory}", $"device = {Settings.NameOf(config.Device)}", config.Env, () =>
        {
            RunDirectory.RequireUsable(directory, overwrite);
            Console.WriteLine($"training {config.Algo} on {config.Env} in {Settings.NameOf(config.Precision)} on {Settings.NameOf(config.Device)}, seed {config.Seed}, {config.TotalSteps} steps, {config.Rollout.NumEnvs} envs -> {directory}");
            using var handler = new InterruptHandler(interrupt, Prefix);
            return Report(TrainingRun.Run(config, directory, progress.Report, overwrite, interrupt, Figures), directory);
        });
    }

    /// <summary>Continues the run in <paramref name="directory"/>, with a new step budget if <paramref name="steps"/> is given.</summary>
    public static int Resume(string directory, long? steps)
    {
        var interrupt = new InterruptRequest();
        return Guard($"resume = {directory}", $"resume = {directory}", null, () =>
        {
            RunDirectory.RequireResumable(directory);
            TrainConfig config = TrainingRun.ReadConfig(directory);
            config = steps is { } total ? config with { TotalSteps = total } : config;
            config.Validate();
            string from = RunDirectory.ResumePoint(directory)?.Path ?? "the start (no checkpoint the metrics agree with)";
            Console.WriteLine($"resuming {config.Algo} on {config.Env} in {Settings.NameOf(config.Precision)}, seed {config.Seed}, to {config.TotalSteps} steps from {from}");
            var progress = new TrainingProgress(config);
            using var handler = new InterruptHandler(interrupt, Prefix);
            return Report(TrainingRun.Resume(directory, steps, progress.Report, interrupt, Figures), directory);
        });
    }

    /// <summary>
    /// Runs <paramref name="run"/> and turns every exception a run can end with into one line and its exit code:
    /// <paramref name="subject"/> names what an I/O failure concerns, <paramref name="deviceSubject"/> what a missing
    /// device does, and <paramref name="env"/> (or else the subject) what lacks its native library.
    /// </summary>
    public static int Guard(string subject, string deviceSubject, string? env, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e)}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Prefix}{subject}: {UsageError.Describe(e)}");
            return 2;
        }
        catch (DeviceNotAvailableException e)
        {
            Console.Error.WriteLine($"{Prefix}{deviceSubject}: {e.Message}");
            return 2;
        }
        catch (EnvInstabilityException e)
        {
            // The first reset (before any update) made a non-finite observation; a breakdown in a rollout is an explosion instead.
            Console.Error.WriteLine($"{Prefix}{UsageError.Describe(e).TrimEnd('.')}; the run stopped before its first update.");
            return 3;
        }
        catch (DllNotFoundException e)
        {
            // A MuJoCo env on a machine without libmujoco: one line naming the package, not a stack trace.
            Console.Error.WriteLine($"{Prefix}{env ?? subject}: {UsageError.Describe(e)}");
            return 1;
        }
    }

    private static int Report(TrainingOutcome outcome, string directory)
    {
        if (outcome.TimeSplit is { } split)
        {
            Console.WriteLine(split);
        }

        if (outcome.PlotsError is { } plotsError)
        {
            Console.Error.WriteLine($"{Prefix}warning: no plots drawn: {plotsError}");
        }

        if (outcome.Exploded)
        {
            Console.Error.WriteLine($"{Prefix}the run exploded at update {outcome.Updates} (step {outcome.Steps}): {outcome.ExplodedAt}");
            if (outcome.MonitorReport is { } report)
            {
                Console.Error.WriteLine(report);
            }

            Console.Error.WriteLine($"metrics so far and numerics.json are in {directory}");
            return 3;
        }

        if (outcome is { InterruptedBy: { } abandonedBy, RolloutAbandoned: true })
        {
            string kept = outcome.Updates > 0 ? $"checkpoint and metrics of update {outcome.Updates} (step {outcome.Steps}) written" : "no update had completed";
            Console.Error.WriteLine($"{Prefix}stopped by {abandonedBy} in the rollout of update {outcome.Updates + 1}, which is abandoned; {kept}; continue with: kernel train --resume {directory}");
            return InterruptHandler.ExitCode(abandonedBy);
        }

        if (outcome.InterruptedBy is { } signal)
        {
            Console.Error.WriteLine($"{Prefix}stopped by {signal} after update {outcome.Updates} (step {outcome.Steps}), checkpoint and metrics written; continue with: kernel train --resume {directory}");
            return InterruptHandler.ExitCode(signal);
        }

        Console.WriteLine($"done: {outcome.Updates} updates, {outcome.Steps} steps; metrics in {directory}");
        return 0;
    }
}
