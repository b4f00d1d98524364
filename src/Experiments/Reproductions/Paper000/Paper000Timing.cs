using Kernel.Experiments.Sweeps;

namespace Kernel.Experiments.Reproductions.Paper000;

/// <summary>
/// Wall seconds of one update (1000 environment steps) of a paper 000 MuJoCo cell with one GEMM thread on this
/// machine, for the experiments' time estimates: measured per environment, policy width and algorithm in fp32, times
/// a factor per precision.
/// </summary>
public static class Paper000Timing
{
    // `DOTNET_PROCESSOR_COUNT=1 kernel train <Paper000Settings.Ppo options> --env E --policy-hidden H [--algo A]
    // --steps S`, wall time less Reproduction.CellOverheadSeconds, divided by the updates, 2026-12-07 with the 2 cores
    // at load 14-20 (four agents building): Hopper-v4 [1024] PPO 10 updates 11.67 s, CPG 10.83 s, VPG (Table 4) 7.91 s,
    // fp16 PPO 5 updates 15.02 s, fp64 PPO 5 updates 10.22 s; Hopper-v4 [64] / [256] / [64, 64] PPO 5 / 5 / 10 updates
    // 6.34 / 6.74 / 7.63 s; Walker2d-v4 [1024, 1024] PPO 2 updates 29.26 s, VPG 3 updates 16.00 s, fp16 VPG 2 updates
    // 16.91 s, fp64 VPG 2 updates 13.18 s; Walker2d-v4 [64, 64] CPG 5 updates 6.87 s; Humanoid-v4 [1024, 1024] PPO 2
    // updates 33.90 s (the 6.3 s per update of 000-fig3 was measured at a lower load), VPG 3 updates 20.55 s;
    // Humanoid-v4 [64, 64] PPO 5 updates 11.56 s. CPG and PPO-style algorithms cost what PPO costs (same passes).
    private const double Fp16Factor = 2.8; // Hopper [1024] PPO 2.4 / 0.87 s; Walker2d [1024, 1024] VPG 7.0 / 3.2 s
    private const double Fp64Factor = 2.0; // Hopper [1024] PPO 1.44 / 0.87 s, Walker2d VPG 5.1 / 3.2 s; 000-fig3 takes 2

    /// <summary>
    /// Estimated seconds of one update of <paramref name="cell"/> (its env, policy-hidden, algo and precision options)
    /// with one GEMM thread; a policy no wider than 256 costs what the measured narrow policies cost (the env dominates).
    /// </summary>
    /// <exception cref="ArgumentException">The cell's env or width was not measured.</exception>
    public static double UpdateSeconds(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        string env = cell.Get("env") ?? throw new ArgumentException($"cell {cell.Id}: no env option.", nameof(cell));
        string hidden = cell.Get("policy-hidden") ?? throw new ArgumentException($"cell {cell.Id}: no policy-hidden option.", nameof(cell));
        bool narrow = hidden.Split(',').All(width => int.Parse(width, System.Globalization.CultureInfo.InvariantCulture) <= 256);
        bool vpg = cell.Get("algo") == "vpg";
        double fp32 = (env, narrow, vpg) switch
        {
            ("Hopper-v4", true, _) => 0.75,
            ("Hopper-v4", false, false) => 0.87,
            ("Hopper-v4", false, true) => 0.49,
            ("Walker2d-v4", true, _) => 0.77,
            ("Walker2d-v4", false, false) => 13.1,
            ("Walker2d-v4", false, true) => 4.3,
            ("Humanoid-v4", true, _) => 1.71,
            ("Humanoid-v4", false, false) => 15.4,
            ("Humanoid-v4", false, true) => 5.85,
            _ => throw new ArgumentException($"cell {cell.Id}: no timing measured for env {env} with policy [{hidden}].", nameof(cell)),
        };
        return fp32 * cell.Get("precision") switch
        {
            "fp16" => Fp16Factor,
            "fp64" => Fp64Factor,
            _ => 1,
        };
    }

    /// <summary>Estimated seconds of the whole cell: its updates (steps / horizon) at <see cref="UpdateSeconds"/>, as if it never explodes.</summary>
    public static double CellSeconds(SweepCell cell) => Paper000Settings.Updates(cell) * UpdateSeconds(cell);
}
