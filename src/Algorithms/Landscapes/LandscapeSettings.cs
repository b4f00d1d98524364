namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// How each landscape point is estimated. The return of a trajectory is sum_{k &lt; Horizon} Gamma^k r_k (summed in
/// double whatever the closed loop's precision). Sigma = 0 is the deterministic policy u = mu_theta(s); Sigma &gt; 0 the
/// Gaussian policy N(mu_theta(s), Sigma^2 I), whose expected return (the mollified J) is the mean over
/// <see cref="TrajectoriesPerPoint"/> trajectories. Trajectory j uses the noise (and env start) stream
/// KernelRandom.DeriveSeed(Seed, j) at every point (common random numbers), so a landscape depends only on Seed,
/// never on the number of threads.
/// </summary>
/// <param name="Horizon">Steps per trajectory (at least 1).</param>
/// <param name="Gamma">Discount in (0, 1].</param>
/// <param name="Sigma">The Gaussian policy's fixed standard deviation (0: deterministic).</param>
/// <param name="TrajectoriesPerPoint">Trajectories averaged per point (at least 1).</param>
/// <param name="Seed">The seed of the noise and start streams.</param>
/// <param name="Threads">Workers evaluating points in parallel (at least 1).</param>
public sealed record LandscapeSettings(int Horizon, double Gamma, double Sigma, int TrajectoriesPerPoint, ulong Seed, int Threads)
{
    /// <summary>Throws, with one line naming the setting, the value and what is allowed, unless every field is valid.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        SettingCheck.Require(Horizon >= 1, "horizon", Horizon, "at least 1");
        SettingCheck.Require(Gamma > 0 && Gamma <= 1, "gamma", Gamma, "in (0, 1]");
        SettingCheck.Require(Sigma >= 0 && double.IsFinite(Sigma), "sigma", Sigma, "a finite number >= 0 (0: deterministic)");
        SettingCheck.Require(TrajectoriesPerPoint >= 1, "trajectories_per_point", TrajectoriesPerPoint, "at least 1");
        SettingCheck.Require(Threads >= 1, "threads", Threads, "at least 1");
    }
}
