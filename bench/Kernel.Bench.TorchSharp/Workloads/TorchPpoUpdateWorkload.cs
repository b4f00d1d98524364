using Kernel.Bench.Harness;
using TorchSharp.Modules;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// One PPO minibatch update written the TorchSharp way (nn.Sequential networks, a log_std Parameter,
/// distributions.Normal, clip_grad_norm_, optim.Adam), with the settings and fixed inputs of bench/Kernel.Bench's
/// PpoUpdateWorkload: the networks and batch of a <see cref="PpoShape"/> (tanh), clip 0.2, value coefficient 0.5,
/// max gradient norm 0.5, Adam lr 3e-4 eps 1e-5. Thread-safety: one thread at a time.
/// </summary>
public sealed class TorchPpoUpdateWorkload : IWorkload
{
    private const double ClipEpsilon = 0.2;
    private const double ValueCoefficient = 0.5;
    private const double MaxGradNorm = 0.5;

    private readonly int threads;
    private readonly int batch;
    private readonly Sequential policy;
    private readonly Sequential value;
    private readonly Parameter logStd;
    private readonly (string Name, Parameter Parameter)[] parameters;
    private readonly Adam optimizer;
    private readonly Tensor observations;
    private readonly Tensor actions;
    private readonly Tensor returns;
    private readonly Tensor advantages;
    private readonly Tensor logProbOld;

    /// <summary>Builds networks, optimiser and the fixed minibatch.</summary>
    public TorchPpoUpdateWorkload(PpoShape shape, ScalarType dtype, int threads)
    {
        ArgumentNullException.ThrowIfNull(shape);
        this.threads = threads;
        batch = shape.Batch;
        int actionSize = shape.ActionSize;
        policy = TanhMlp.Create([.. shape.PolicyWidths], dtype, 10);
        value = TanhMlp.Create([.. shape.ValueWidths], dtype, 20);
        var initialLogStd = new double[actionSize];
        for (int i = 0; i < initialLogStd.Length; i++)
        {
            initialLogStd[i] = (0.2 * FixedInputs.Value(i, 30)) - 0.5;
        }

        using (Tensor wide = tensor(initialLogStd, [actionSize], ScalarType.Float64))
        {
            logStd = new Parameter(wide.to(dtype));
        }

        parameters =
        [
            .. policy.named_parameters().Select(p => ($"policy.{p.name}", p.parameter)),
            ("log_std", logStd),
            .. value.named_parameters().Select(p => ($"value.{p.name}", p.parameter)),
        ];
        optimizer = optim.Adam(parameters.Select(p => p.Parameter), lr: 3e-4, eps: 1e-5);
        observations = TorchTensors.Fixed([batch, shape.ObservationSize], 1, dtype);
        actions = TorchTensors.Fixed([batch, actionSize], 2, dtype, 0.9);
        returns = TorchTensors.Fixed([batch], 3, dtype);
        advantages = TorchTensors.Fixed([batch], 4, dtype);
        var shift = new double[batch];
        for (int i = 0; i < batch; i++)
        {
            shift[i] = (0.05 * (i % 13)) - 0.3;
        }

        using (no_grad())
        using (DisposeScope scope = NewDisposeScope())
        {
            logProbOld = LogProb().to(ScalarType.Float64).add(tensor(shift, [batch], ScalarType.Float64)).to(dtype).MoveToOuterDisposeScope();
        }
    }

    /// <inheritdoc />
    public void Activate() => set_num_threads(threads);

    /// <inheritdoc />
    public void Run()
    {
        using DisposeScope scope = NewDisposeScope();
        Update();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        using DisposeScope scope = NewDisposeScope();
        double[][] before = Array.ConvertAll(parameters, p => TorchTensors.ToDoubles(p.Parameter));
        (Tensor loss, Tensor policyLoss, Tensor valueLoss, double gradNorm) = Update();
        var values = new Dictionary<string, double[]>
        {
            ["loss"] = [loss.to(ScalarType.Float64).item<double>()],
            ["policy_loss"] = [policyLoss.to(ScalarType.Float64).item<double>()],
            ["value_loss"] = [valueLoss.to(ScalarType.Float64).item<double>()],
            ["grad_norm"] = [gradNorm],
        };
        for (int i = 0; i < parameters.Length; i++)
        {
            values[$"grad {parameters[i].Name}"] = TorchTensors.ToDoubles(parameters[i].Parameter.grad!);
            double[] step = TorchTensors.ToDoubles(parameters[i].Parameter);
            for (int j = 0; j < step.Length; j++)
            {
                step[j] -= before[i][j];
            }

            values[$"step {parameters[i].Name}"] = step;
            values[$"param {parameters[i].Name}"] = TorchTensors.ToDoubles(parameters[i].Parameter);
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        optimizer.Dispose();
        policy.Dispose();
        value.Dispose();
        logStd.Dispose();
        foreach (Tensor t in new[] { observations, actions, returns, advantages, logProbOld })
        {
            t.Dispose();
        }
    }

    private Tensor LogProb()
    {
        Tensor mean = policy.call(observations);
        Tensor std = logStd.exp().expand_as(mean);
        return distributions.Normal(mean, std).log_prob(actions).sum(1);
    }

    private (Tensor Loss, Tensor PolicyLoss, Tensor ValueLoss, double GradNorm) Update()
    {
        Tensor ratio = (LogProb() - logProbOld).exp();
        Tensor surrogate = ratio * advantages;
        Tensor clipped = ratio.clamp(1 - ClipEpsilon, 1 + ClipEpsilon) * advantages;
        Tensor policyLoss = -min(surrogate, clipped).mean();
        Tensor values = value.call(observations).view(-1);
        Tensor valueLoss = 0.5 * (values - returns).square().mean();
        Tensor loss = policyLoss + (ValueCoefficient * valueLoss);
        optimizer.zero_grad();
        loss.backward();
        double gradNorm = nn.utils.clip_grad_norm_(parameters.Select(p => p.Parameter), MaxGradNorm);
        optimizer.step();
        return (loss, policyLoss, valueLoss, gradNorm);
    }
}
