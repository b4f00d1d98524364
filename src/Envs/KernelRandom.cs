namespace Kernel.Envs;

/// <summary>
/// The project's random stream: xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64, so a seed
/// gives the same 64-bit stream on every platform and runtime. Doubles take the top 53 bits; normal draws use
/// the Marsaglia polar method (only +, *, sqrt and log). Thread-safety: one instance per thread.
/// </summary>
public sealed class KernelRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private double spareNormal;
    private bool hasSpareNormal;

    /// <summary>The number of values <see cref="ExportState"/> writes: the four xoshiro words, the spare normal's bits and its flag.</summary>
    public const int StateLength = 6;

    /// <summary>Creates a stream from <paramref name="seed"/>.</summary>
    public KernelRandom(ulong seed) => Reseed(seed);

    /// <summary>Restarts the stream from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        ulong state = seed;
        s0 = SplitMix64(ref state);
        s1 = SplitMix64(ref state);
        s2 = SplitMix64(ref state);
        s3 = SplitMix64(ref state);
        hasSpareNormal = false;
    }

    /// <summary>
    /// A seed for sub-stream <paramref name="index"/> of <paramref name="seed"/> (e.g. copy i of a vector env):
    /// SplitMix64 of the pair, so neighbouring indices give unrelated streams.
    /// </summary>
    public static ulong DeriveSeed(ulong seed, ulong index)
    {
        ulong state = seed ^ (0x9E3779B97F4A7C15UL * (index + 1));
        SplitMix64(ref state);
        return SplitMix64(ref state);
    }

    /// <summary>Writes the stream's exact position (for checkpoints): <see cref="StateLength"/> values.</summary>
    public void ExportState(Span<ulong> destination)
    {
        if (destination.Length != StateLength)
        {
            throw new ArgumentException($"destination has {destination.Length} values; a KernelRandom state has {StateLength}.", nameof(destination));
        }

        destination[0] = s0;
        destination[1] = s1;
        destination[2] = s2;
        destination[3] = s3;
        destination[4] = BitConverter.DoubleToUInt64Bits(spareNormal);
        destination[5] = hasSpareNormal ? 1UL : 0UL;
    }

    /// <summary>Continues the stream from a state written by <see cref="ExportState"/>.</summary>
    /// <exception cref="ArgumentException">The state has the wrong length, is all zero (xoshiro's one forbidden state) or has a flag other than 0 or 1.</exception>
    public void ImportState(ReadOnlySpan<ulong> source)
    {
        if (source.Length != StateLength)
        {
            throw new ArgumentException($"source has {source.Length} values; a KernelRandom state has {StateLength}.", nameof(source));
        }

        if ((source[0] | source[1] | source[2] | source[3]) == 0 || source[5] > 1)
        {
            throw new ArgumentException("source is not a KernelRandom state: the xoshiro words are all zero or the spare flag is not 0 or 1.", nameof(source));
        }

        s0 = source[0];
        s1 = source[1];
        s2 = source[2];
        s3 = source[3];
        spareNormal = BitConverter.UInt64BitsToDouble(source[4]);
        hasSpareNormal = source[5] == 1;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A double uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>An integer uniform in [0, count), without modulo bias (Lemire's method).</summary>
    public int NextInt(int count)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be positive.");
        }

        ulong bound = (ulong)count;
        UInt128 product = (UInt128)NextUInt64() * bound;
        ulong low = (ulong)product;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }

        return (int)(product >> 64);
    }

    /// <summary>A standard normal draw.</summary>
    public double Normal()
    {
        if (hasSpareNormal)
        {
            hasSpareNormal = false;
            return spareNormal;
        }

        double u;
        double v;
        double s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        double scale = Math.Sqrt(-2 * Math.Log(s) / s);
        spareNormal = v * scale;
        hasSpareNormal = true;
        return u * scale;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
