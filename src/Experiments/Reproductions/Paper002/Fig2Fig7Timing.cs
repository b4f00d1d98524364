using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper002;

/// <summary>
/// Seconds of 002-fig2's and 002-fig7's cells on this machine with one thread, from measured throughput
/// (2026-12-07, the 2 cores at load 14-19, so pessimistic): <c>kernel landscape --threads 1</c> on DoublePendulum-v0,
/// 201 points at horizon 1000, 463 points/s in fp64 and 393 in fp32 (so 4e5 env steps/s per precision; the single
/// pendulum is cheaper); the Q-landscape 41 x 41 at 1484 points/s (the policy rate is used, an upper bound); the Lyapunov
/// mode 201 points x 5000 steps in 2.39 s (4.2e5 point-steps/s); <c>kernel train --algo mollified-pg</c> 800000 steps
/// in 4.2 s wall with DOTNET_PROCESSOR_COUNT=1 (about 2e5 steps/s; the console reported 195k-277k).
/// </summary>
public static class Fig2Fig7Timing
{
    /// <summary>Env steps per second of a landscape rollout, per precision.</summary>
    public const double LandscapeStepsPerSecond = 4e5;

    /// <summary>Point-steps per second of the Lyapunov estimate (each step advances the reference and its companion).</summary>
    public const double LyapunovStepsPerSecond = 4e5;

    /// <summary>Env steps per second of mollified-pg training (rollouts, gradient and the deterministic evaluation).</summary>
    public const double TrainStepsPerSecond = 2e5;

    /// <summary>Estimated seconds of a cell: a training run from its steps, a landscape from its points, horizon and precisions.</summary>
    /// <exception cref="ArgumentException">A landscape cell without points or horizon, or a training cell without steps.</exception>
    public static double CellSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.IsTraining)
        {
            return Number(cell, "steps") / TrainStepsPerSecond;
        }

        double points = Number(cell, "points");
        if (cell.Get("slice") == "2d")
        {
            points *= points;
        }

        if (cell.Get("mode") == "lyapunov")
        {
            return points * Number(cell, "lyapunov-steps") / LyapunovStepsPerSecond;
        }

        double precisions = cell.Get("precision") == "both" ? 2 : 1;
        return points * Number(cell, "horizon") * precisions / LandscapeStepsPerSecond;
    }

    private static double Number(SweepCell cell, string option)
        => double.Parse(cell.Get(option) ?? throw new ArgumentException($"cell {cell.Id}: no {option} option.", nameof(cell)), CultureInfo.InvariantCulture);
}
