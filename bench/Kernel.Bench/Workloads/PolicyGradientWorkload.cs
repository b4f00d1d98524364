using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// One policy gradient of <see cref="FixedGaussianPolicy{T}"/> at batch 2048, the yardstick of the "FVP &lt;= 3x one
/// gradient" target: loss = -mean(log pi(a|s) A), gradients cleared, backward. Check: the loss and every parameter's
/// gradient fingerprint. Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class PolicyGradientWorkload<T>(int threads) : IWorkload
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FixedGaussianPolicy<T> fixture = new(threads);
    private Tensor<T> loss;

    /// <inheritdoc />
    public void Activate()
    {
    }

    /// <inheritdoc />
    public void Run()
    {
        Tape<T> tape = fixture.Tape;
        tape.Reset();
        tape.ZeroGrad();
        PolicyEvaluation<T> evaluation = fixture.Policy.Evaluate();
        loss = SurrogateObjectives.Loss(SurrogateObjectives.VanillaPerSample(evaluation.LogProb, tape.Constant(Shape.Vector(FixedGaussianPolicy<T>.Batch), fixture.Advantages)));
        tape.Backward(loss);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> Check()
    {
        Run();
        var values = new Dictionary<string, double[]> { ["loss"] = [double.CreateTruncating(loss.Item())] };
        foreach (NamedParameter<T> parameter in fixture.Policy.Parameters)
        {
            GradientSummary.Add(values, parameter.Name, fixture.Tape.AccumulatedGradient(parameter.Tensor));
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
