using ILGPU;

namespace Kernel.Kernels.Gpu;

/// <summary>
/// Device code of the elementwise kernels, one thread per element. Generic over the element codec (float, double,
/// Half) so each body is written once; op codes select the function at run time (uniform across a launch).
/// </summary>
internal static class ElementwiseKernels
{
    public static void Unary<T, TCodec>(Index1D i, ArrayView<T> x, ArrayView<T> destination, int op)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        destination[i] = codec.IsDouble
            ? codec.FromDouble(ElementMath.Unary(op, codec.ToDouble(x[i])))
            : codec.FromSingle(ElementMath.Unary(op, codec.ToSingle(x[i])));
    }

    public static void Binary<T, TCodec>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> destination, int op)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        destination[i] = codec.IsDouble
            ? codec.FromDouble(ElementMath.Binary(op, codec.ToDouble(x[i]), codec.ToDouble(y[i])))
            : codec.FromSingle(ElementMath.Binary(op, codec.ToSingle(x[i]), codec.ToSingle(y[i])));
    }

    /// <summary>Scalar ops; <paramref name="scalar"/> is the T-valued constant carried exactly in double.</summary>
    public static void Scalar<T, TCodec>(Index1D i, ArrayView<T> x, ArrayView<T> destination, int op, double scalar)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        destination[i] = codec.IsDouble
            ? codec.FromDouble(ElementMath.Scalar(op, codec.ToDouble(x[i]), scalar))
            : codec.FromSingle(ElementMath.Scalar(op, codec.ToSingle(x[i]), (float)scalar));
    }

    /// <summary>Clamp (<paramref name="mask"/> 0) as the CPU's ClampOp, or the inclusive in-range mask (1).</summary>
    public static void Range<T, TCodec>(Index1D i, ArrayView<T> x, ArrayView<T> destination, int mask, double min, double max)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        if (codec.IsDouble)
        {
            double v = codec.ToDouble(x[i]);
            double upper = v > max ? max : v;
            destination[i] = codec.FromDouble(mask != 0 ? (v >= min && v <= max ? 1.0 : 0.0) : (v < min ? min : upper));
        }
        else
        {
            float v = codec.ToSingle(x[i]);
            float lo = (float)min;
            float hi = (float)max;
            float upper = v > hi ? hi : v;
            destination[i] = codec.FromSingle(mask != 0 ? (v >= lo && v <= hi ? 1f : 0f) : (v < lo ? lo : upper));
        }
    }

    /// <summary>destination = x * y + addend with one rounding (Half: the fused float result rounded once).</summary>
    public static void FusedMultiplyAdd<T, TCodec, TMath>(
        Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> addend, ArrayView<T> destination)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
        where TMath : struct, IDeviceMath
    {
        TCodec codec = default;
        TMath math = default;
        destination[i] = codec.IsDouble
            ? codec.FromDouble(math.Fma(codec.ToDouble(x[i]), codec.ToDouble(y[i]), codec.ToDouble(addend[i])))
            : codec.FromSingle(math.Fma(codec.ToSingle(x[i]), codec.ToSingle(y[i]), codec.ToSingle(addend[i])));
    }

    /// <summary>destination = condition != 0 ? whenTrue : whenFalse (NaN selects whenTrue); values are copied bit for bit.</summary>
    public static void Select<T, TCodec>(Index1D i, ArrayView<T> condition, ArrayView<T> whenTrue, ArrayView<T> whenFalse, ArrayView<T> destination)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        TCodec codec = default;
        bool isZero = codec.IsDouble ? codec.ToDouble(condition[i]) == 0.0 : codec.ToSingle(condition[i]) == 0f;
        destination[i] = isZero ? whenFalse[i] : whenTrue[i];
    }

    /// <summary>Row broadcast: destination[r, c] = matrix[r, c] op row[c] (op 0 add, 1 multiply), one thread per element.</summary>
    public static void Row<T, TCodec>(Index1D i, ArrayView<T> matrix, ArrayView<T> row, ArrayView<T> destination, int multiply)
        where T : unmanaged
        where TCodec : struct, IElementCodec<T>
    {
        int op = multiply != 0 ? (int)BinaryOp.Multiply : (int)BinaryOp.Add;
        int column = i % (int)row.Length;
        TCodec codec = default;
        destination[i] = codec.IsDouble
            ? codec.FromDouble(ElementMath.Binary(op, codec.ToDouble(matrix[i]), codec.ToDouble(row[column])))
            : codec.FromSingle(ElementMath.Binary(op, codec.ToSingle(matrix[i]), codec.ToSingle(row[column])));
    }

    /// <summary>destination[i] = value, bit for bit.</summary>
    public static void Fill<T>(Index1D i, ArrayView<T> destination, T value)
        where T : unmanaged
        => destination[i] = value;

    /// <summary>
    /// One thread per copied element of a block of <paramref name="count"/> columns: for i = row * count + j,
    /// destination[row, destinationStart + j] = source[row, sourceStart + j], values copied bit for bit.
    /// </summary>
    public static void CopyColumns<T>(
        Index1D i, ArrayView<T> source, ArrayView<T> destination, int count, int sourceColumns, int sourceStart, int destinationColumns, int destinationStart)
        where T : unmanaged
    {
        int row = i / count;
        int j = i - (row * count);
        destination[(row * destinationColumns) + destinationStart + j] = source[(row * sourceColumns) + sourceStart + j];
    }

    /// <summary>destination[i] = source[i / divisor] when <paramref name="byRow"/> is 0, else source[i % divisor].</summary>
    public static void Repeat<T>(Index1D i, ArrayView<T> source, ArrayView<T> destination, int divisor, int byRow)
        where T : unmanaged
        => destination[i] = byRow != 0 ? source[i % divisor] : source[i / divisor];
}
