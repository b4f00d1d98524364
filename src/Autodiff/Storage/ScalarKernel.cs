namespace Kernel.Autodiff.Storage;

/// <summary>Elementwise kernels of one input and a constant s that a backend provides.</summary>
public enum ScalarKernel
{
    /// <summary>x + s.</summary>
    Add,
    /// <summary>x * s.</summary>
    Multiply,
    /// <summary>x ^ s.</summary>
    Power,
}
