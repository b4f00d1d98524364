using System.Globalization;

namespace Kernel.Algorithms.Advantages;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016; 004 section 4) over a time-major rollout [T, N]
/// (sample i = t * N + n): delta_t = r_t + gamma V_next - V(s_t), A_t = delta_t + gamma lambda A_{t+1}, with the
/// trace cut at every episode boundary. V_next is 0 after a termination (no bootstrapping), V(final observation)
/// after a truncation (the episode could have gone on), V(s_{t+1}) inside an episode, and the value of the
/// observation after the last step at t = T - 1. Returns (value targets) are A_t + V(s_t). With lambda = 1 and
/// zero values this is the discounted return of REINFORCE. Every number that is read must be finite (a NaN would
/// spread silently into every earlier advantage of its episode); bad input throws before anything is written.
/// Stateless and allocation-free; thread-safe.
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
        RequireFinite(rewards, values, terminated, truncated, finalValues, lastValues);

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

    /// <summary>One pass over the inputs; finalValues only where it is read (truncated and not terminated).</summary>
    private static void RequireFinite(
        ReadOnlySpan<double> rewards,
        ReadOnlySpan<double> values,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<double> finalValues,
        ReadOnlySpan<double> lastValues)
    {
        for (int i = 0; i < rewards.Length; i++)
        {
            if (!double.IsFinite(rewards[i]))
            {
                throw NotFinite(nameof(rewards), i, rewards[i]);
            }

            if (!double.IsFinite(values[i]))
            {
                throw NotFinite(nameof(values), i, values[i]);
            }

            if (truncated[i] && !terminated[i] && !double.IsFinite(finalValues[i]))
            {
                throw NotFinite(nameof(finalValues), i, finalValues[i]);
            }
        }

        for (int n = 0; n < lastValues.Length; n++)
        {
            if (!double.IsFinite(lastValues[n]))
            {
                throw NotFinite(nameof(lastValues), n, lastValues[n]);
            }
        }
    }

    private static ArgumentException NotFinite(string name, int index, double value)
        => new($"{name}[{index}] = {value.ToString(CultureInfo.InvariantCulture)} is not finite; every value read must be finite.", name);

    private static void Require(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} values; {expected} are needed.", name);
        }
    }
}
