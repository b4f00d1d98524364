namespace Kernel.Envs.ClassicControl;

/// <summary>
/// The few NumPy scalar semantics the classic-control envs need to agree with Gymnasium number for number.
/// Gymnasium's sources are read at commit 3f0476a8cc224dcce2167cc4b6971ae0f04d5cfc of
/// Farama-Foundation/Gymnasium (gymnasium/envs/classic_control/*.py); NumPy is assumed to be 2.x, whose NEP 50
/// promotion keeps <c>np.float32 (op) python float</c> in float32 (the Python float is first rounded to float32).
/// </summary>
internal static class NumPyScalar
{
    /// <summary>Rounds to the nearest float32 and widens back: NumPy's float64 to float32 conversion (<c>astype</c>, <c>dtype=np.float32</c>).</summary>
    public static double F32(double x) => (float)x;

    /// <summary>
    /// float32 product of two float32 values (NEP 50 <c>np.float32 * np.float32</c>): the double product of two
    /// 24-bit significands is exact, so one rounding to float32 gives the correctly rounded result.
    /// </summary>
    public static double MulF32(double a, double b) => (float)(a * b);

    /// <summary>
    /// float32 sum or difference of two float32 values: the double result is rounded once more to float32, which
    /// is the correctly rounded float32 result (53 &gt;= 2 * 24 + 2, so double rounding is innocuous).
    /// </summary>
    public static double AddF32(double a, double b) => (float)(a + b);

    /// <summary>
    /// NumPy's float64 scalar power <c>x ** y</c>: the C library's <c>pow</c>, which .NET's <see cref="Math.Pow"/>
    /// also calls. Not the same as <c>x * x</c> for y = 2: pow is accurate to about half an ulp, not correctly rounded.
    /// </summary>
    public static double PowF64(double x, double y) => Math.Pow(x, y);

    /// <summary>
    /// NumPy's float32 scalar power <c>np.float32 ** y</c>: the C library's <c>powf</c> (the exponent rounded to
    /// float32), which .NET's <see cref="MathF.Pow"/> also calls; widened back to double.
    /// </summary>
    public static double PowF32(double x, double y) => MathF.Pow((float)x, (float)y);

    /// <summary>Python's and NumPy's float <c>x % y</c> (floored modulo: the result takes the sign of y), as NumPy's npy_divmod.</summary>
    public static double FlooredMod(double x, double y)
    {
        double mod = x % y; // C# % on doubles is C fmod: exact, with the sign of x
        if (mod != 0)
        {
            if ((y < 0) != (mod < 0))
            {
                mod += y;
            }
        }
        else
        {
            mod = Math.CopySign(0.0, y);
        }

        return mod;
    }
}
