namespace Kernel.Algorithms.Mollification;

/// <summary>
/// The policy-gradient estimate of seed paper 002 for the Gaussian policy N(mu(s; theta), sigma^2 I) with a fixed
/// sigma, from a batch of N whole trajectories:
/// <code>
/// g = (1/N) sum_i sum_t gamma^t (G_t^i - b_t^i) J_mu(s_t^i)^T (a_t^i - mu(s_t^i)) / sigma^2,   (a - mu) / sigma^2 = eps / sigma
/// </code>
/// with G_t^i = sum_{k &gt;= t} gamma^(k - t) r_k^i the discounted reward-to-go (an estimate of Q(s_t, a_t), eq 3-4 of
/// the paper after Sutton et al. 1999, where the discounted visitation density gives the gamma^t factor) and
/// b_t^i the mean reward-to-go at step t of the other trajectories that reached it (eq 4's V; leaving trajectory i
/// out keeps the estimate unbiased; 0 when no other trajectory reached t). The paper leaves the estimator's
/// variance reduction unstated; reward-to-go with this baseline is our choice. Thread-safety: stateless.
/// </summary>
public static class MollifiedGradient
{
    /// <summary>
    /// Writes g into <paramref name="gradient"/> (length = the controller's parameter count) for trajectories given as
    /// observations, standard-normal draws and rewards (<paramref name="lengths"/> steps each).
    /// </summary>
    public static void Estimate<T>(Controller<T> controller, IReadOnlyList<T[]> states, IReadOnlyList<T[]> noise, IReadOnlyList<double[]> rewards, IReadOnlyList<int> lengths, double sigma, double gamma, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(controller);
        int n = lengths.Count;
        int stateSize = controller.StateDimension;
        int actionSize = controller.ActionDimension;
        gradient.Clear();
        int longest = lengths.Max();
        var toGo = new double[n][];
        var sums = new double[longest];
        var counts = new int[longest];
        for (int i = 0; i < n; i++)
        {
            toGo[i] = new double[lengths[i]];
            double running = 0;
            for (int t = lengths[i] - 1; t >= 0; t--)
            {
                running = rewards[i][t] + (gamma * running);
                toGo[i][t] = running;
                sums[t] += running;
                counts[t]++;
            }
        }

        Span<T> cotangent = stackalloc T[actionSize];
        for (int i = 0; i < n; i++)
        {
            double discount = 1;
            for (int t = 0; t < lengths[i]; t++)
            {
                double baseline = counts[t] > 1 ? (sums[t] - toGo[i][t]) / (counts[t] - 1) : 0;
                T weight = T.CreateChecked(discount * (toGo[i][t] - baseline) / (n * sigma));
                for (int r = 0; r < actionSize; r++)
                {
                    cotangent[r] = weight * noise[i][(t * actionSize) + r];
                }

                controller.AccumulateVectorJacobian(states[i].AsSpan(t * stateSize, stateSize), cotangent, gradient);
                discount *= gamma;
            }
        }
    }

    /// <summary>The Euclidean norm of <paramref name="gradient"/>, summed in double.</summary>
    public static double Norm<T>(ReadOnlySpan<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T value in gradient)
        {
            double v = double.CreateChecked(value);
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// The paper's normalised ascent step ("all gradients are normalized", appendix F): theta += delta g / |g|, so
    /// theta moves by exactly delta. A zero gradient leaves theta as it is. Returns |g|.
    /// </summary>
    public static double Step<T>(Span<T> theta, ReadOnlySpan<T> gradient, double delta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (theta.Length != gradient.Length)
        {
            throw new ArgumentException($"theta has {theta.Length} values, the gradient {gradient.Length}.", nameof(gradient));
        }

        double norm = Norm(gradient);
        if (norm > 0 && double.IsFinite(norm))
        {
            T scale = T.CreateChecked(delta / norm);
            for (int p = 0; p < theta.Length; p++)
            {
                theta[p] += scale * gradient[p];
            }
        }

        return norm;
    }
}
