using System.Globalization;
using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper004;

/// <summary>
/// Wall seconds of paper 004's runs on this machine with one GEMM thread, for the experiments' time estimates:
/// collection and update of 16384 environment steps (one 8 x 2048 batch; eight of REINFORCE's) per task and algorithm
/// at Table 2's settings, plus the evaluations.
/// </summary>
public static class Paper004Timing
{
    /// <summary>The steps the table's seconds are for: one batch of 8 env copies x 2048.</summary>
    public const int MeasuredSteps = 16384;

    // `DOTNET_PROCESSOR_COUNT=1 kernel train <Paper004Settings options> --env E --algo A --steps 16384 --eval-every 0`,
    // collect_seconds + update_seconds of timing.csv, 2026-12-07 with the 2 cores at load 15-16 (four agents
    // building and testing), so these are pessimistic. (collect, update) seconds:
    // Hopper-v4: PPO 3.85 + 7.80, A2C 2.54 + 0.75, TRPO 2.63 + 10.46, V-MPO 3.82 + 6.87, REINFORCE 2.16 + 0.25;
    // HalfCheetah-v4: PPO 1.68 + 5.75, A2C 2.07 + 0.97, TRPO 1.75 + 6.88, V-MPO 1.70 + 6.52, REINFORCE 1.72 + 0.27;
    // Ant-v4: PPO 7.72 + 8.48, A2C 10.93 + 1.50, TRPO 12.51 + 14.55, V-MPO 10.29 + 12.53, REINFORCE 9.82 + 0.46;
    // Humanoid-v4: PPO 11.58 + 11.09, A2C 16.68 + 2.35, TRPO 15.91 + 17.08, V-MPO 28.29 + 16.81, REINFORCE 12.47 + 0.52.
    // The load varied during the measurements (V-MPO's Humanoid-v4 collection took 2.4 x PPO's for the same work).
    private static readonly Dictionary<(string Env, string Algo), (double Collect, double Update)> Measured = new()
    {
        [("Hopper-v4", "ppo")] = (3.85, 7.80),
        [("Hopper-v4", "a2c")] = (2.54, 0.75),
        [("Hopper-v4", "trpo")] = (2.63, 10.46),
        [("Hopper-v4", "vmpo")] = (3.82, 6.87),
        [("Hopper-v4", "reinforce")] = (2.16, 0.25),
        [("HalfCheetah-v4", "ppo")] = (1.68, 5.75),
        [("HalfCheetah-v4", "a2c")] = (2.07, 0.97),
        [("HalfCheetah-v4", "trpo")] = (1.75, 6.88),
        [("HalfCheetah-v4", "vmpo")] = (1.70, 6.52),
        [("HalfCheetah-v4", "reinforce")] = (1.72, 0.27),
        [("Ant-v4", "ppo")] = (7.72, 8.48),
        [("Ant-v4", "a2c")] = (10.93, 1.50),
        [("Ant-v4", "trpo")] = (12.51, 14.55),
        [("Ant-v4", "vmpo")] = (10.29, 12.53),
        [("Ant-v4", "reinforce")] = (9.82, 0.46),
        [("Humanoid-v4", "ppo")] = (11.58, 11.09),
        [("Humanoid-v4", "a2c")] = (16.68, 2.35),
        [("Humanoid-v4", "trpo")] = (15.91, 17.08),
        [("Humanoid-v4", "vmpo")] = (28.29, 16.81),
        [("Humanoid-v4", "reinforce")] = (12.47, 0.52),
    };

    /// <summary>
    /// Seconds of one evaluation step (an env step and a batch-1 policy pass): 004-b3's smoke budget spent 0.138 s on
    /// one 1000-step HalfCheetah-v4 evaluation episode (A2C, eval_seconds of timing.csv, load about 10).
    /// </summary>
    private const double EvalStepSeconds = 1.5e-4;

    /// <summary>Steps of an evaluation episode at most (every task's time limit).</summary>
    private const int EpisodeSteps = 1000;

    /// <summary>
    /// Estimated seconds of the whole cell: its steps at the measured rate of its task and algorithm, the update part
    /// scaled by its epochs over Table 2's, and every evaluation at full-length episodes (an upper bound).
    /// </summary>
    /// <exception cref="ArgumentException">The cell's task and algorithm were not measured.</exception>
    public static double CellSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        string env = cell.Get("env")!;
        string algo = cell.Get("algo")!;
        if (!Measured.TryGetValue((env, algo), out var seconds))
        {
            throw new ArgumentException($"cell {cell.Id}: no timing measured for {algo} on {env}.", nameof(cell));
        }

        double steps = Number(cell, "steps");
        double tableEpochs = algo is "reinforce" or "a2c" ? 1 : 10;
        double epochs = algo == "trpo" ? tableEpochs : Number(cell, "epochs");
        double batches = steps / MeasuredSteps;
        int batch = (int)(Number(cell, "envs") * Number(cell, "rollout-steps"));
        double every = Number(cell, "eval-every");
        double evaluations = every == 0 ? 0 : Math.Ceiling(steps / batch / every);
        return (batches * (seconds.Collect + (seconds.Update * epochs / tableEpochs))) + (evaluations * Number(cell, "eval-episodes") * EpisodeSteps * EvalStepSeconds);
    }

    private static double Number(SweepCell cell, string option)
        => double.Parse(cell.Get(option) ?? throw new ArgumentException($"cell {cell.Id}: no {option} option.", nameof(cell)), CultureInfo.InvariantCulture);
}
