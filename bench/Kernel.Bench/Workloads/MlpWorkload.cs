using Kernel.Algorithms.Nn;
using Kernel.Autodiff.Storage;
using Kernel.Bench.Harness;
using Kernel.Envs;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One forward and backward pass of a tanh MLP on the tape, as in a training step: clear the gradients, out = mlp(x),
/// loss = mean(out^2), backward. Parameters from <see cref="FixedNetwork"/> (first stream 10), x [batch, in] from
/// stream 1. Check: the loss, and for every parameter its gradient's row and column sums.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class MlpWorkload<T> : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly Mlp<T> network;
    private readonly int batch;
    private readonly T[] input;
    private Tensor<T> loss;

    /// <summary>Builds the network and the input batch.</summary>
    /// <param name="widths">Input, hidden and output widths.</param>
    /// <param name="batch">Rows of x, at least 1.</param>
    /// <param name="threads">The tape backend's GEMM thread limit, at least 1.</param>
    public MlpWorkload(IReadOnlyList<int> widths, int batch, int threads)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        tape = new Tape<T>(new CpuBackend<T>(maxThreads: threads));
        network = new Mlp<T>(tape, widths, Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(1));
        FixedNetwork.Assign(network, 10);
        this.batch = batch;
        input = FixedInputs.Values<T>(batch * widths[0], 1);
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
        Tensor<T> x = tape.Constant(Shape.Matrix(batch, network.InFeatures), input);
        loss = network.Forward(x).Square().Mean();
        tape.Backward(loss);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        var values = new Dictionary<string, double[]> { ["loss"] = [double.CreateTruncating(loss.Item())] };
        foreach (NamedParameter<T> parameter in network.Parameters)
        {
            GradientSummary.Add(values, parameter.Name, tape.AccumulatedGradient(parameter.Tensor));
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
