using Kernel.Autodiff.Storage;
using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// tanh forward and backward over <see cref="Length"/> elements the way a training step does it on the tape: clear the
/// gradient, y = tanh(x), backward from sum(y), leaving dx = 1 - y^2 in x's gradient. x is a parameter from fixed
/// stream 5 scaled to [-3, 3]. Check: y and dx at every 997th element and their sums.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class TanhWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements: 1e6.</summary>
    public const int Length = 1_000_000;

    /// <summary>
    /// Arrays of <see cref="Length"/> elements the two passes must at least move: forward reads x and writes y, backward
    /// reads y and the upstream gradient and writes dx.
    /// </summary>
    public const int ArraysMoved = 5;

    private const int SampleStride = 997;

    private readonly Tape<T> tape;
    private readonly Tensor<T> x;
    private Tensor<T> y;

    /// <summary>Creates the tape and the input parameter.</summary>
    /// <param name="threads">The tape backend's GEMM thread limit (tanh itself runs on the calling thread).</param>
    public TanhWorkload(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        tape = new Tape<T>(new CpuBackend<T>(maxThreads: threads));
        x = tape.Parameter(Shape.Vector(Length), FixedInputs.Values<T>(Length, 5, 3.0), "x");
    }

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run()
    {
        tape.Reset();
        tape.ZeroGrad();
        y = x.Tanh();
        tape.Backward(y.Sum());
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        ReadOnlySpan<T> gradient = tape.AccumulatedGradient(x).Values;
        return new Dictionary<string, double[]>
        {
            ["y_sample"] = CheckSummary.Sample(y.Values, SampleStride),
            ["dx_sample"] = CheckSummary.Sample(gradient, SampleStride),
            ["y_sum"] = CheckSummary.RowSums(y.Values, 1, Length),
            ["dx_sum"] = CheckSummary.RowSums(gradient, 1, Length),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
