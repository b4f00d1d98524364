namespace Kernel.Algorithms.Advantages;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016; 004 section 4) over a time-major rollout [T, N]
/// (sample i = t * N + n): delta_t = r_t + gamma V_next - V(s_t), A_t = delta_t + gamma lambda A_{t+1}, with the
/// trace cut at every episode boundary. V_next is 0 after a termination (no bootstrapping), V(final observation)
/// after a truncation (the episode could have gone on), V(s_{t+1}) inside an episode, and the value of the
/// observation after the last step at t = T - 1. Returns (value targets) are A_t + V(s_t). With lambda = 1 and
/// zero values this is the discounted return of REINFORCE. Stateless and allocation-free; thread-safe.
/// </summary>
public static class GeneralizedAdvantageEstimator
{
    /// <summary>Computes advantages and returns into the caller's buffers.</summary>
    /// <param name="rewards">r_t, [T*N].</param>
    /// <param name="values">V(s_t) as recorded in the rollout, [T*N].</param>
    /// <param name="terminated">Whether step t ended its episode in a terminal state, [T*N].</param>
    /// <param name="truncated">Whether step t ended its episode by the time limit, [T*N].</param>
    /// <param name="finalValues">V(final observation) where truncated (read only there), [T*N].</param>
    /// <param name="lastValues">V(observation after the last step) per copy, [N].</param>
    /// <param name="envs">N, the number of copies.</param>
    /// <param name="gamma">Discount in [0, 1].</param>
    /// <param name="lambda">GAE's lambda in [0, 1].</param>
    /// <param name="advantages">Receives A_t, [T*N].</param>
    /// <param name="returns">Receives A_t + V(s_t), [T*N].</param>
    public static void Compute(
        ReadOnlySpan<double> rewards,
        ReadOnlySpan<double> values,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<double> finalValues,
        ReadOnlySpan<double> lastValues,
        int envs,
        double gamma,
        double lambda,
        Span<double> advantages,
        Span<double> returns)
    {
        if (envs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(envs), envs, "envs must be at least 1.");
        }

        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must lie in [0, 1].");
        }

        if (!(lambda >= 0 && lambda <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must lie in [0, 1].");
        }

        int samples = rewards.Length;
        if (samples % envs != 0)
        {
            throw new ArgumentException($"rewards has {samples} values, not a multiple of envs = {envs}.", nameof(rewards));
        }

        Require(values.Length, samples, nameof(values));
        Require(terminated.Length, samples, nameof(terminated));
        Require(truncated.Length, samples, nameof(truncated));
        Require(finalValues.Length, samples, nameof(finalValues));
        Require(advantages.Length, samples, nameof(advantages));
        Require(returns.Length, samples, nameof(returns));
        Require(lastValues.Length, envs, nameof(lastValues));

        int steps = samples / envs;
        for (int n = 0; n < envs; n++)
        {
            double nextAdvantage = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = (t * envs) + n;
                bool boundary = terminated[i] || truncated[i];
                double nextValue = terminated[i] ? 0
                    : truncated[i] ? finalValues[i]
                    : t == steps - 1 ? lastValues[n]
                    : values[i + envs];
                double delta = rewards[i] + (gamma * nextValue) - values[i];
                double advantage = boundary ? delta : delta + (gamma * lambda * nextAdvantage);
                advantages[i] = advantage;
                returns[i] = advantage + values[i];
                nextAdvantage = advantage;
            }
        }
    }

    private static void Require(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} values; {expected} are needed.", name);
        }
    }
}
