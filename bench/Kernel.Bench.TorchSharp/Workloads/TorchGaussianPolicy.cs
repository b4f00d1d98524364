using Kernel.Bench.Harness;
using TorchSharp.Modules;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// The second-order workloads' policy and batch, as bench/Kernel.Bench's FixedGaussianPolicy defines them: tanh MLP
/// 17-64-64-6 from streams 10.., a log_std Parameter from stream 30 (0.2 v - 0.5), batch 2048 (observations stream 1,
/// actions stream 2 times 0.9, advantages stream 4), the old policy equal to the current one (detached), v from
/// stream 40 over the flat parameters (network's, then log_std). Fisher-vector products the way TRPO code writes them in
/// torch: double backward of the mean KL(pi_old || pi_theta) with autograd.grad(create_graph: true).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchGaussianPolicy : IDisposable
{
    /// <summary>States in the batch.</summary>
    public const int Batch = 2048;

    private const double Damping = 0.1;

    private readonly Sequential network;
    private readonly Parameter logStd;
    private readonly Tensor oldMean;
    private readonly Tensor oldStd;

    /// <summary>Builds the policy and its batch in <paramref name="dtype"/>.</summary>
    public TorchGaussianPolicy(ScalarType dtype)
    {
        network = TanhMlp.Create([17, 64, 64, 6], dtype, 10);
        var initialLogStd = new double[6];
        for (int i = 0; i < initialLogStd.Length; i++)
        {
            initialLogStd[i] = (0.2 * FixedInputs.Value(i, 30)) - 0.5;
        }

        using (Tensor wide = tensor(initialLogStd, [6], ScalarType.Float64))
        {
            logStd = new Parameter(wide.to(dtype));
        }

        NamedParameters = [.. network.named_parameters().Select(p => ($"policy.{p.name}", (Tensor)p.parameter)), ("log_std", logStd)];
        Parameters = [.. NamedParameters.Select(p => p.Parameter)];
        Observations = TorchTensors.Fixed([Batch, 17], 1, dtype);
        Actions = TorchTensors.Fixed([Batch, 6], 2, dtype, 0.9);
        Advantages = TorchTensors.Fixed([Batch], 4, dtype);
        Vector = TorchTensors.Fixed([Parameters.Sum(p => p.numel())], 40, dtype);
        using (no_grad())
        {
            oldMean = network.call(Observations).detach();
            oldStd = logStd.exp().expand_as(oldMean).detach();
        }
    }

    /// <summary>(name, parameter) in the flat vector's order.</summary>
    public (string Name, Tensor Parameter)[] NamedParameters { get; }

    /// <summary>The parameters in the flat vector's order.</summary>
    public Tensor[] Parameters { get; }

    /// <summary>Observations [2048, 17].</summary>
    public Tensor Observations { get; }

    /// <summary>Actions [2048, 6].</summary>
    public Tensor Actions { get; }

    /// <summary>Advantages [2048].</summary>
    public Tensor Advantages { get; }

    /// <summary>v [parameters].</summary>
    public Tensor Vector { get; }

    /// <summary>log pi(a|s) per state: the diagonal Gaussian's density in log space.</summary>
    public Tensor LogProb()
    {
        Tensor mean = network.call(Observations);
        Tensor std = logStd.exp().expand_as(mean);
        var normal = distributions.Normal(mean, std);
        return normal.log_prob(Actions).sum(1);
    }

    /// <summary>(F + 0.1 I) v by double backward of the mean KL.</summary>
    public Tensor FisherVectorProduct(Tensor vector)
    {
        Tensor mean = network.call(Observations);
        Tensor logStdRows = logStd.expand_as(mean);
        Tensor std = logStdRows.exp();
        Tensor kl = (logStdRows - oldStd.log() + ((oldStd.square() + (oldMean - mean).square()) / (2 * std.square())) - 0.5).sum(1).mean();
        IList<Tensor> gradients = autograd.grad([kl], Parameters, retain_graph: true, create_graph: true); // PyTorch implies retain_graph from create_graph; TorchSharp does not
        Tensor flat = cat([.. gradients.Select(g => g.reshape(-1))]);
        IList<Tensor> product = autograd.grad([(flat * vector).sum()], Parameters);
        return cat([.. product.Select(g => g.reshape(-1))]) + (Damping * vector);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        network.Dispose();
        logStd.Dispose();
        oldMean.Dispose();
        oldStd.Dispose();
        Observations.Dispose();
        Actions.Dispose();
        Advantages.Dispose();
        Vector.Dispose();
    }
}
