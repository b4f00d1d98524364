namespace Kernel.Algorithms.Nn;

/// <summary>A network piece that maps a batch [batch, in] to [batch, out] on a tape and owns named parameters.</summary>
/// <typeparam name="T">Half, float or double: the run's precision.</typeparam>
public interface IModule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Features per input row.</summary>
    int InFeatures { get; }

    /// <summary>Features per output row.</summary>
    int OutFeatures { get; }

    /// <summary>The parameters in a fixed order (the order optimisers, checkpoints and flat-vector views use).</summary>
    IReadOnlyList<NamedParameter<T>> Parameters { get; }

    /// <summary>Records the module on the input's tape: [batch, <see cref="InFeatures"/>] to [batch, <see cref="OutFeatures"/>].</summary>
    Tensor<T> Forward(Tensor<T> input);
}
