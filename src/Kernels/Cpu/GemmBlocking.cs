namespace Kernel.Kernels.Cpu;

/// <summary>
/// Cache-blocking sizes. KC x NR of packed B (one sliver) stays in L1, MC x KC of packed A in L2, and KC x NC of packed
/// B in L3. Chosen for a 48 KiB L1d / 1 MiB L2 core (AMD Zen 4/5); they are safe, if not optimal, elsewhere.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Depth of a packed slice (elements of k per pass).</summary>
    public const int KC = 256;

    /// <summary>Bytes of packed A kept per thread (MC x KC), about a fifth of L2.</summary>
    public const int PackedABytes = 192 * 1024;

    /// <summary>Columns of packed B per panel.</summary>
    public const int NC = 4096;

    /// <summary>Returns MC, KC, NC for element type <typeparamref name="T"/> and an MR x NR micro-kernel.</summary>
    public static unsafe void For<T>(int mr, int nr, out int mc, out int kc, out int nc)
        where T : unmanaged
    {
        kc = KC;
        mc = Math.Max(mr, PackedABytes / (KC * sizeof(T)) / mr * mr);
        nc = Math.Max(nr, NC / nr * nr);
    }
}
