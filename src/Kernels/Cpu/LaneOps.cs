using System.Numerics;
using System.Runtime.Intrinsics;

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

/// <summary>
/// A unary lane operation that also has a 512-bit float form (see <see cref="WideLaneMath"/>), computing the same bits
/// as its Vector&lt;float&gt; form; <see cref="WideLaneUnary{TOp}"/> runs it where Vector512 is hardware accelerated.
/// </summary>
internal interface IWideUnaryLaneOp : IUnaryLaneOp
{
    /// <summary>Applies the operation to 16 floats.</summary>
    Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>The binary form of <see cref="IWideUnaryLaneOp"/>.</summary>
internal interface IWideBinaryLaneOp : IBinaryLaneOp
{
    /// <summary>Applies the operation to 16 pairs of floats.</summary>
    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
