using System.Diagnostics;
using Kernel.Envs;

namespace Kernel.Algorithms.Training;

/// <summary>
/// The evaluation a run makes every <see cref="TrainConfig.EvalEvery"/> updates and after its last (004 appendix A:
/// "independent environments to evaluate the agents throughout training ... deterministically as the mode"):
/// <see cref="TrainConfig.EvalEpisodes"/> episodes of <see cref="ITrainer.Evaluate"/> on a fresh env
/// copy. The evaluation after update k resets its episodes from seeds derived from (seed, stream 4, k), a stream no
/// training draw uses, so a resumed run evaluates as the uninterrupted one did and the training streams never move.
/// Thread-safety: stateless.
/// </summary>
public static class PeriodicEvaluation
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "eval.csv";

    /// <summary>The columns after "update", in order: env steps so far, mean and population std of the episodes' returns, episodes.</summary>
    public static IReadOnlyList<string> Names { get; } = ["step", "eval_return_mean", "eval_return_std", "eval_episodes"];

    /// <summary>Whether the run evaluates after update <paramref name="update"/>.</summary>
    public static bool IsDue(TrainConfig config, long update)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.EvalEvery > 0 && (update % config.EvalEvery == 0 || update == config.Updates);
    }

    /// <summary>The seed the evaluation after update <paramref name="update"/> derives its episodes' resets from.</summary>
    public static ulong Seed(TrainConfig config, long update)
    {
        ArgumentNullException.ThrowIfNull(config);
        return KernelRandom.DeriveSeed(KernelRandom.DeriveSeed(config.Seed, 4), (ulong)update);
    }

    /// <summary>
    /// Evaluates <paramref name="trainer"/>'s current policy after its latest update, writes the row into
    /// <paramref name="row"/> (<see cref="Names"/>' order) and adds the wall time to the trainer's
    /// <see cref="UpdateTiming.EvalTicks"/>.
    /// </summary>
    public static void Run(ITrainer trainer, TrainConfig config, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(config);
        long start = Stopwatch.GetTimestamp();
        double[] returns = trainer.Evaluate(config.EvalEpisodes, Seed(config, trainer.Updates));
        trainer.Timing.EvalTicks += Stopwatch.GetTimestamp() - start;
        double mean = returns.Average();
        row[0] = trainer.Steps;
        row[1] = mean;
        row[2] = Math.Sqrt(returns.Sum(value => (value - mean) * (value - mean)) / returns.Length);
        row[3] = returns.Length;
    }
}
