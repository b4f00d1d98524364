namespace Kernel.Bench.Harness;

/// <summary>
/// One benchmark workload, set up once (inputs, parameters, buffers) and then run over and over by the timer.
/// Thread-safety: a workload belongs to one thread at a time.
/// </summary>
public interface IWorkload : IDisposable
{
    /// <summary>
    /// Sets the process-wide state the workload depends on (e.g. a library's thread count) before a series of
    /// <see cref="Run"/> calls; another workload may have changed it in between.
    /// </summary>
    void Activate();

    /// <summary>Runs one operation (one GEMM, one forward+backward, one update, one batch of env steps).</summary>
    void Run();

    /// <summary>
    /// Runs one operation on a freshly constructed workload (fixed inputs from <see cref="FixedInputs"/>) and returns
    /// named result vectors that every contender computes the same way, for the compare script to check agreement.
    /// </summary>
    IReadOnlyDictionary<string, double[]> Check();
}
