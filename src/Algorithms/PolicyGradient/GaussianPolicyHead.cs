using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.PolicyGradient;

/// <summary>
/// A diagonal Gaussian policy head over a box action space: the network outputs the mean f(s) [batch, m]; sigma comes
/// from a state-independent parameter [m] ("log_std", or rho for softplus + c0), initialised to give
/// <c>initialStd</c>; every other option (bound, mean transform and shift, log-prob point) is the
/// <see cref="DiagonalGaussian{T}"/>'s. The old policy is stored per sample as (mu, sigma).
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class GaussianPolicyHead<T> : GaussianHead<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly DiagonalGaussian<T> gaussian;
    private readonly BoxSpace box;

    /// <summary>Creates the head and its std parameter on <paramref name="tape"/>, every coordinate starting at sigma = <paramref name="initialStd"/>.</summary>
    public GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, GaussianOptions options, double initialStd)
        : this(tape, actionSpace, new DiagonalGaussian<T>(actionSpace, options), options, [initialStd], broadcast: true)
    {
    }

    /// <summary>Creates the head with one initial sigma per action coordinate (m values, each &gt; 0).</summary>
    public GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, GaussianOptions options, ReadOnlySpan<double> initialStd)
        : this(tape, actionSpace, new DiagonalGaussian<T>(actionSpace, options), options, initialStd, broadcast: false)
    {
    }

    private GaussianPolicyHead(Tape<T> tape, BoxSpace actionSpace, DiagonalGaussian<T> gaussian, GaussianOptions options, ReadOnlySpan<double> initialStd, bool broadcast)
        : base(tape, gaussian, CreateStd(tape, gaussian, options, initialStd, broadcast))
    {
        this.gaussian = gaussian;
        box = actionSpace;
    }

    /// <summary>The distribution this head builds.</summary>
    public DiagonalGaussian<T> Distribution => gaussian;

    /// <inheritdoc />
    public override void ActDeterministic(Tensor<T> networkOutput, Span<double> envActions)
    {
        ReadOnlySpan<T> mean = Distribute(networkOutput).Mean.Values;
        int m = gaussian.ActionDim;
        for (int k = 0; k < mean.Length; k++)
        {
            envActions[k] = Math.Clamp(double.CreateTruncating(mean[k]), box.Low[k % m], box.High[k % m]);
        }
    }

    /// <inheritdoc />
    public override void Describe(in PolicyEvaluation<T> current, UpdateRecord record)
    {
        base.Describe(current, record);
        record.MeanOutsideBox = gaussian.MeanOutsideBox(current.Gaussian.PreTransformMean.Values);
    }

    /// <summary>The std parameter on <paramref name="tape"/>, each coordinate at sigma = its initial std (one broadcast, or m).</summary>
    private static NamedParameter<T> CreateStd(Tape<T> tape, DiagonalGaussian<T> gaussian, GaussianOptions options, ReadOnlySpan<double> initialStd, bool broadcast)
    {
        ArgumentNullException.ThrowIfNull(tape);
        int m = gaussian.ActionDim;
        if (!broadcast && initialStd.Length != m)
        {
            throw new ArgumentException($"initialStd has {initialStd.Length} values; the action space has {m} coordinates.", nameof(initialStd));
        }

        var initial = new T[m];
        for (int i = 0; i < m; i++)
        {
            initial[i] = T.CreateChecked(gaussian.StdParameterFor(initialStd[broadcast ? 0 : i]));
        }

        return GaussianStdParameter.Create<T>(tape, initial, options.Std);
    }
}
