using Kernel.Envs;

namespace Kernel.Algorithms.Distributions;

/// <summary>
/// A Gaussian policy over a box action space as a policy head uses it (<see cref="DiagonalGaussian{T}"/>, clipped or
/// transformed; <see cref="TanhGaussian{T}"/>, tanh-squashed): built from the network's mean and a std parameter,
/// sampled on the host into the env's actions and the stored ones, and scored at the stored actions.
/// </summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public interface IBoxGaussian<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The action dimension m.</summary>
    int ActionDim { get; }

    /// <summary>The std parameter value that gives sigma (see <see cref="DiagonalGaussian{T}.StdParameterFor"/>).</summary>
    double StdParameterFor(double std);

    /// <summary>The distribution for the network's mean f(s) [batch, m] and a std parameter ([m] or [batch, m]).</summary>
    GaussianParameters<T> Parameters(Tensor<T> networkMean, Tensor<T> stdParameter);

    /// <summary>
    /// Draws one action per row on the host: what the env receives and what is stored for the log-prob (the clipped
    /// or raw sample of a <see cref="DiagonalGaussian{T}"/>, the pre-squash sample of a <see cref="TanhGaussian{T}"/>), each [batch * m].
    /// </summary>
    void SampleStored(ReadOnlySpan<T> mean, ReadOnlySpan<T> std, KernelRandom random, Span<double> envActions, Span<double> storedActions);

    /// <summary>log pi of stored actions [batch, m], [batch].</summary>
    Tensor<T> LogProb(in GaussianParameters<T> distribution, Tensor<T> storedActions, string? label = DistributionLabels.LogpNew);

    /// <summary>The entropy a policy reports and uses for its bonus, [batch] (the pre-squash Gaussian's for a squashed one).</summary>
    Tensor<T> Entropy(in GaussianParameters<T> distribution, string? label = DistributionLabels.Entropy);

    /// <summary>Analytic KL(old || current) per state, old detached, [batch].</summary>
    Tensor<T> Kl(in GaussianParameters<T> old, in GaussianParameters<T> current, string? label = DistributionLabels.Kl);
}
