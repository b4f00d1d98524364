using ILGPU;
using ILGPU.Runtime;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Fused kernels for the policy-gradient hot spots: the diagonal-Gaussian log-density per row, and the PPO / CPG
/// clipped objective with its gradient in one pass over the batch. Formulas are DESIGN's (paper 000 eqs 11 and 15).
/// Thread-safety: as its <see cref="GpuDevice"/> (one thread at a time).
/// </summary>
public sealed class GpuPolicyKernels
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly GpuDevice device;

    internal GpuPolicyKernels(GpuDevice device) => this.device = device;

    /// <summary>
    /// destination[r] = log N(actions_r | mean_r, diag(exp(logStd)^2))
    /// = -1/2 sum_i ((a_i - mu_i) / sigma_i)^2 - sum_i log sigma_i - (m/2) log(2 pi), in log space.
    /// </summary>
    /// <param name="mean">rows x actionDim, row-major.</param>
    /// <param name="logStd">actionDim values (state-independent) or rows x actionDim.</param>
    /// <param name="actions">rows x actionDim.</param>
    /// <param name="actionDim">m, the action dimension (&gt;= 1).</param>
    /// <param name="destination">rows values, not overlapping any input.</param>
    public void GaussianLogProb<T>(ArrayView<T> mean, ArrayView<T> logStd, ArrayView<T> actions, int actionDim, ArrayView<T> destination)
        where T : unmanaged
    {
        if (actionDim < 1)
        {
            throw new ArgumentException($"actionDim is {actionDim}; it must be >= 1.", nameof(actionDim));
        }

        if (mean.Length % actionDim != 0)
        {
            throw new ArgumentException($"mean has {mean.Length} values, not a multiple of actionDim {actionDim}.", nameof(mean));
        }

        long rows = mean.Length / actionDim;
        if (logStd.Length != actionDim && logStd.Length != mean.Length)
        {
            throw new ArgumentException(
                $"logStd has {logStd.Length} values; it must have {actionDim} (shared by every row) or {mean.Length} (one per mean value).", nameof(logStd));
        }

        DeviceArguments.SameLength(mean, actions, nameof(mean), nameof(actions));
        DeviceArguments.Length(destination, rows, nameof(destination), $"one value per row, {rows} rows");
        DeviceArguments.NoOverlap(mean, destination, nameof(mean), nameof(destination));
        DeviceArguments.NoOverlap(logStd, destination, nameof(logStd), nameof(destination));
        DeviceArguments.NoOverlap(actions, destination, nameof(actions), nameof(destination));
        DeviceArguments.Indexable(mean, nameof(mean));
        if (rows == 0)
        {
            return;
        }

        var kernel = device.Kernel<T, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double>>(
            "gaussian-logprob",
            a => a.LoadAutoGroupedStreamKernel(KernelMethods.Create<Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double>>(
                typeof(PolicyKernels), nameof(PolicyKernels.GaussianLogProb), typeof(T), GpuDevice.CodecOf<T>())));
        kernel((int)rows, mean, logStd, actions, destination, actionDim, -0.5 * actionDim * LogTwoPi);
    }

    /// <summary>
    /// The clipped objective as a loss to minimise, L = -(1/B) sum_i min(x_i A_i, clip(x_i, lo, hi) A_i), and
    /// dL/dlogp_new, in one pass. <see cref="ClipMode.Ratio"/>: x = exp(logp_new - logp_old) (rounded to T, so it
    /// overflows where the tape's does), [lo, hi] = [1 - eps, 1 + eps]. <see cref="ClipMode.LogRatio"/> (CPG):
    /// x = logp_new - logp_old, [lo, hi] = [log(1 - eps), log(1 + eps)]. Gradient: where the clipped branch is the
    /// minimum (ties included) it flows only if x lies in [lo, hi]; the ratio's chain rule multiplies by x.
    /// </summary>
    /// <param name="logpNew">B log-probabilities under the current policy.</param>
    /// <param name="logpOld">B log-probabilities under the behaviour policy (constants).</param>
    /// <param name="advantages">B advantages (constants).</param>
    /// <param name="epsilon">Clip range, in (0, 1).</param>
    /// <param name="mode">Ratio (PPO) or LogRatio (CPG).</param>
    /// <param name="gradient">B values: dL/dlogp_new.</param>
    /// <param name="loss">One element: L.</param>
    public void ClippedObjective<T>(
        ArrayView<T> logpNew, ArrayView<T> logpOld, ArrayView<T> advantages, double epsilon, ClipMode mode, ArrayView<T> gradient, ArrayView<T> loss)
        where T : unmanaged
    {
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the clip epsilon must lie in (0, 1).");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException($"mode is {(int)mode}; allowed values are ClipMode.Ratio and ClipMode.LogRatio.", nameof(mode));
        }

        if (logpNew.Length == 0)
        {
            throw new ArgumentException("logpNew is empty; the objective averages over at least one sample.", nameof(logpNew));
        }

        DeviceArguments.SameLength(logpNew, logpOld, nameof(logpNew), nameof(logpOld));
        DeviceArguments.SameLength(logpNew, advantages, nameof(logpNew), nameof(advantages));
        DeviceArguments.Output(logpNew, gradient, nameof(logpNew), nameof(gradient));
        DeviceArguments.NoOverlap(logpOld, gradient, nameof(logpOld), nameof(gradient));
        DeviceArguments.NoOverlap(advantages, gradient, nameof(advantages), nameof(gradient));
        DeviceArguments.Length(loss, 1, nameof(loss), "the loss is one value");
        DeviceArguments.NoOverlap(gradient, loss, nameof(gradient), nameof(loss));
        DeviceArguments.Indexable(logpNew, nameof(logpNew));

        // The bounds as the tape forms them: T-valued constants.
        double lo = mode == ClipMode.Ratio ? 1 - epsilon : Math.Log(1 - epsilon);
        double hi = mode == ClipMode.Ratio ? 1 + epsilon : Math.Log(1 + epsilon);
        lo = KernelMethods.ToDouble(KernelMethods.FromDouble<T>(lo));
        hi = KernelMethods.ToDouble(KernelMethods.FromDouble<T>(hi));
        var kernel = device.Kernel<T, Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double, double>>(
            "clipped-objective",
            a => a.LoadStreamKernel(KernelMethods.Create<Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double, double>>(
                typeof(PolicyKernels), nameof(PolicyKernels.ClippedObjective), typeof(T), GpuDevice.CodecOf<T>())));
        kernel(new KernelConfig(1, device.GroupSize), logpNew, logpOld, advantages, gradient, loss, mode == ClipMode.LogRatio ? 1 : 0, lo, hi);
    }
}
