namespace Kernel.Algorithms.Objectives;

/// <summary>An objective on a minibatch: the per-sample objective (to maximise) and the loss the update minimises.</summary>
/// <param name="PerSample">The objective per sample [B]; for the surrogates, Loss = -mean(PerSample).</param>
/// <param name="Loss">The scalar loss the optimiser minimises (V-MPO adds its temperature and KL-multiplier losses).</param>
/// <typeparam name="T">The run's precision.</typeparam>
public readonly record struct PolicyObjective<T>(Tensor<T> PerSample, Tensor<T> Loss)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
