namespace Kernel.Algorithms.Nn;

/// <summary>
/// A trainable tensor with its stable name, e.g. "0.weight" or "actor.2.bias": the key under which optimisers keep
/// their state and checkpoints store values. Names follow PyTorch's <c>state_dict</c> convention so checkpoints can be
/// compared with a PyTorch model side by side.
/// </summary>
/// <param name="Name">The stable name.</param>
/// <param name="Tensor">The parameter (a tape parameter for modules built on a tape).</param>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public readonly record struct NamedParameter<T>(string Name, Tensor<T> Tensor)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
