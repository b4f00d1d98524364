using System.Numerics;

namespace Kernel.Kernels.Cpu;

// Per-SIMD-vector operations, driven over spans by LaneLoop; T is float or double.

/// <summary>An element-wise operation on one SIMD vector.</summary>
internal interface IUnaryLaneOp
{
    /// <summary>Applies the operation lane by lane.</summary>
    Vector<T> Invoke<T>(Vector<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>An element-wise operation on two SIMD vectors.</summary>
internal interface IBinaryLaneOp
{
    /// <summary>Applies the operation lane by lane.</summary>
    Vector<T> Invoke<T>(Vector<T> x, Vector<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>An element-wise operation on three SIMD vectors.</summary>
internal interface ITernaryLaneOp
{
    /// <summary>Applies the operation lane by lane.</summary>
    Vector<T> Invoke<T>(Vector<T> x, Vector<T> y, Vector<T> z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}
