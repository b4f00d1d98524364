using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// <see cref="FmaProbe"/> as a workload: one run is <see cref="Iterations"/> iterations, so its GFLOP/s is this core's
/// FMA peak in <typeparamref name="T"/>. Check: the probe's result (Kernel only; no peer serves it).
/// Thread-safety: stateless.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class FmaPeakWorkload<T> : IWorkload
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Iterations per run (about 2 ms at 100 GFLOP/s).</summary>
    public const int Iterations = 1_000_000;

    private T sink;

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run() => sink = FmaProbe.Run<T>(Iterations);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        return new Dictionary<string, double[]> { ["sum"] = [double.CreateTruncating(sink)] };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
