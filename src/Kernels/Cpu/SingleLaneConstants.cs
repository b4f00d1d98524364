namespace Kernel.Kernels.Cpu;

/// <summary>
/// The constants of the float tanh and sech^2 kernels, shared by their Vector&lt;float&gt; (<see cref="LaneMath"/>) and
/// Vector512&lt;float&gt; (<see cref="WideLaneMath"/>) forms so the two compute the same bits.
/// </summary>
internal static class SingleLaneConstants
{
    /// <summary>Q of the small-argument tanh, x + x z Q(z) with z = x^2, from its highest coefficient down.</summary>
    public const float TanhQ4 = -0.005704343784600496f;
    public const float TanhQ3 = 0.020638156682252884f;
    public const float TanhQ2 = -0.05373925715684891f;
    public const float TanhQ1 = 0.1333143264055252f;
    public const float TanhQ0 = -0.3333328068256378f;

    /// <summary>|x| below which tanh uses the polynomial rather than 1 - 2/(exp(2|x|) + 1).</summary>
    public const float TanhSmall = 0.625f;

    /// <summary>Cap on 2|x| (tanh rounds to 1 in float from |x| = 9.01).</summary>
    public const float TanhExpCap = 20f;

    /// <summary>P of exp(r) = 1 + r P(r) on |r| &lt;= ln 2 / 2, from its highest coefficient down (P0 = 1).</summary>
    public const float ExpP5 = 0.001385931042023003f;
    public const float ExpP4 = 0.008374759927392006f;
    public const float ExpP3 = 0.04166772589087486f;
    public const float ExpP2 = 0.1666642129421234f;
    public const float ExpP1 = 0.4999999403953552f;

    /// <summary>1 / ln 2, and -ln 2 in two parts (Cody and Waite): MinusLn2High + MinusLn2Low = -ln 2 to about 2^-56.</summary>
    public const float Log2E = 1.4426950216293335f;
    public const float MinusLn2High = -0.6931471824645996f;
    public const float MinusLn2Low = 1.904654323148236e-09f;

    /// <summary>
    /// sech^2: the floor of v = -2|x| before the exponent is formed, the bias that makes 2^(k + 66) from k, the 2^-64
    /// applied after it, and the v below which the result is 0.
    /// </summary>
    public const float SechFloor = -104f;
    public const int SechExponentBias = 193;
    public const float SechUnscale = 5.421010862427522e-20f;
    public const float SechZeroBelow = -103.9f;
}
