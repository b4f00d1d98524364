namespace Kernel.Algorithms.Training;

/// <summary>
/// Size limits of a configuration, checked by <see cref="TrainConfig.Validate"/> before anything is allocated or
/// written: the batch (num_envs x rollout_steps) must be an array's worth of samples, every weight matrix must fit one
/// array, fisher_stride must leave at least one sample of the batch, cg_iterations is bounded, and an estimate of the
/// memory the run needs at the least (every observation and action taken as one number, so the estimate is a lower
/// bound) must fit in the memory this process may use. Each refusal is one line naming the setting, its value and
/// what is allowed.
/// Thread-safety: stateless.
/// </summary>
public static class RunLimits
{
    /// <summary>The most conjugate-gradient iterations per update (TRPO uses 10; each iteration is a Fisher-vector product over the batch).</summary>
    public const int MaxCgIterations = 100_000;

    // Per sample the rollout buffer keeps at least: observation, action, log-prob, value, reward, terminated,
    // truncated, final value, return, advantage and the old policy's two parameters, each a double.
    private const long BufferBytesPerSample = 12 * sizeof(double);

    // Each weight has a value, a gradient and Adam's two moments.
    private const int CopiesPerWeight = 4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first limit <paramref name="config"/> breaks (settings that are out of range for other reasons are left to the caller).</summary>
    public static void Require(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Rollout.NumEnvs < 1 || config.Rollout.RolloutSteps < 1)
        {
            return;
        }

        long maxRollout = Array.MaxLength / config.Rollout.NumEnvs;
        SettingCheck.Require(config.Rollout.RolloutSteps <= maxRollout, "rollout_steps", config.Rollout.RolloutSteps, $"in 1..{maxRollout} with num_envs = {config.Rollout.NumEnvs} (the batch, num_envs x rollout_steps, is one array of at most {Array.MaxLength} samples)");
        long batch = (long)config.Rollout.NumEnvs * config.Rollout.RolloutSteps;
        if (config.TrustRegion is { } trustRegion)
        {
            SettingCheck.Require(trustRegion.CgIterations <= MaxCgIterations, "cg_iterations", trustRegion.CgIterations, $"in 1..{MaxCgIterations}");
            SettingCheck.Require(trustRegion.FisherStride <= batch, "fisher_stride", trustRegion.FisherStride, $"in 1..{batch} (the batch, num_envs x rollout_steps: a larger stride leaves no sample)");
        }

        int elementBytes = config.Precision switch { NumericPrecision.Fp16 => 2, NumericPrecision.Fp64 => 8, _ => 4 };
        long weights = Weights(config.Policy.Hidden, "policy_hidden") + Weights(config.Value.Hidden, "value_hidden");
        long activations = batch * ((config.Policy.Hidden?.Where(w => w > 0).Sum(w => (long)w) ?? 0) + (config.Value.Hidden?.Where(w => w > 0).Sum(w => (long)w) ?? 0));
        double needed = ((double)batch * BufferBytesPerSample) + ((double)weights * CopiesPerWeight * elementBytes) + ((double)activations * elementBytes);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
        {
            throw new ArgumentOutOfRangeException("rollout_steps", $"num_envs x rollout_steps = {batch} with policy_hidden = {Widths(config.Policy.Hidden)} and value_hidden = {Widths(config.Value.Hidden)} in {Registry.Settings.NameOf(config.Precision)}: the run needs at least {Gib(needed)} GiB (rollout buffer, weights with their gradients and Adam moments, one batch of activations), more than the {Gib(available)} GiB this process may use; make the batch or the networks smaller.");
        }
    }

    /// <summary>The weights of a network with these hidden widths (one input and one output taken as the least), after checking each layer fits an array.</summary>
    private static long Weights(IReadOnlyList<int>? hidden, string name)
    {
        if (hidden is null)
        {
            return 0;
        }

        long total = 0;
        long input = 1;
        foreach (int width in hidden.Append(1))
        {
            if (width < 1)
            {
                return total; // refused by Validate with its own message
            }

            long layer = input * width;
            SettingCheck.Require(layer <= Array.MaxLength, name, Widths(hidden), $"widths whose layers each hold at most {Array.MaxLength} weights ({input} x {width} = {layer} do not fit one array)");
            total += layer + width;
            input = width;
        }

        return total;
    }

    private static string Widths(IReadOnlyList<int>? widths) => widths is null ? "null" : string.Join(",", widths);

    private static string Gib(double bytes) => (bytes / (1L << 30)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
