namespace Kernel.Kernels.Gpu;

/// <summary>
/// How a kernel reads and writes one element type: float and Half compute in float, double in double (the CPU
/// kernels' rule: Half is widened to float, computed, and rounded once).
/// </summary>
/// <typeparam name="T">The stored element type.</typeparam>
internal interface IElementCodec<T>
    where T : unmanaged
{
    /// <summary>True when the element computes in double.</summary>
    bool IsDouble { get; }

    /// <summary>The element widened to float (float and Half; unused for double).</summary>
    float ToSingle(T value);

    /// <summary>A float result stored as the element (rounded once for Half).</summary>
    T FromSingle(float value);

    /// <summary>The element as double (double only).</summary>
    double ToDouble(T value);

    /// <summary>A double result stored as the element (double only).</summary>
    T FromDouble(double value);
}
