namespace Kernel.Algorithms.Checkpoints;

/// <summary>The element types a Kernel checkpoint stores, named as the safetensors header spells them.</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE binary16.</summary>
    F16,

    /// <summary>IEEE binary32.</summary>
    F32,

    /// <summary>IEEE binary64.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer (RNG states).</summary>
    U64,

    /// <summary>One byte per flag, 0 or 1.</summary>
    Bool,
}
