namespace Kernel.Algorithms.PolicyGradient;

/// <summary>A policy evaluated on a batch: the log-prob of the stored actions and the entropy, per row, plus what the head needs for KL and diagnostics.</summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="LogProb">log pi(a|s) per row, [batch].</param>
/// <param name="Entropy">Entropy per row, [batch].</param>
/// <param name="Output">The network output the distribution was built from, [batch, outputs].</param>
/// <param name="Gaussian">For a Gaussian head: mean, pre-transform mean, std and log std; default otherwise.</param>
public readonly record struct PolicyEvaluation<T>(Tensor<T> LogProb, Tensor<T> Entropy, Tensor<T> Output, Distributions.GaussianParameters<T> Gaussian)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
