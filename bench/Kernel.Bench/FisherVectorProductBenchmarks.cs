using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Autodiff;
using Kernel.Autodiff.Ops;
using Kernel.Envs;

namespace Kernel.Bench;

/// <summary>
/// The second-order workloads of DESIGN.md's targets on the 17-64-64-6 tanh Gaussian policy at batch 2048: one policy
/// gradient (forward + backward of -mean(log pi A)), one Fisher-vector product each way, and one CG(10) solve with
/// Gauss-Newton products (damping 0.1, tolerance 0 so all 10 iterations run). The products' cost as a multiple of
/// the gradient is the ratio of the rows; MemoryDiagnoser shows the managed allocations after warm-up.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class FisherVectorProductBenchmarks<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int Batch = 2048;
    private const int Observations = 17;
    private const int Actions = 6;
    private Tape<T> tape = null!;
    private FisherPolicy<T> policy = null!;
    private FisherVectorProduct<T> gaussNewton = null!;
    private FisherVectorProduct<T> exact = null!;
    private ConjugateGradient<T> conjugateGradient = null!;
    private T[] vector = [];
    private T[] result = [];
    private T[] advantages = [];

    /// <summary>Builds the policy, a batch of random states with actions sampled from it, and the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new KernelRandom(42);
        tape = new Tape<T>();
        var box = new BoxSpace(Enumerable.Repeat(-1.0, Actions).ToArray(), Enumerable.Repeat(1.0, Actions).ToArray());
        var head = new GaussianPolicyHead<T>(tape, box, new GaussianOptions(), initialStd: 0.6);
        var network = new Mlp<T>(tape, [Observations, 64, 64, Actions], Activation.Tanh, MlpInit.OrthogonalPolicy, random, "policy");
        policy = new FisherPolicy<T>(tape, network, head);

        var observations = new double[Batch * Observations];
        for (int i = 0; i < observations.Length; i++)
        {
            observations[i] = random.Uniform(-1, 1);
        }

        var envActions = new double[Batch * Actions];
        var stored = new double[Batch * Actions];
        var logProbs = new double[Batch];
        var old = new double[Batch * head.OldPolicySize];
        using (tape.NoGrad())
        {
            T[] x = [.. observations.Select(T.CreateTruncating)];
            head.Act(network.Forward(tape.Constant(Shape.Matrix(Batch, Observations), x)), random, envActions, stored, logProbs, old);
        }

        policy.SetBatch(observations, stored, old);
        gaussNewton = new FisherVectorProduct<T>(policy, FisherProductMode.GaussNewton, damping: 0.1);
        exact = new FisherVectorProduct<T>(policy, FisherProductMode.Exact, damping: 0.1);
        conjugateGradient = new ConjugateGradient<T>(gaussNewton.Dimension, new ConjugateGradientOptions { MaxIterations = 10, Tolerance = 0 });
        vector = [.. Enumerable.Range(0, gaussNewton.Dimension).Select(_ => T.CreateTruncating(random.Uniform(-1, 1)))];
        result = new T[vector.Length];
        advantages = [.. Enumerable.Range(0, Batch).Select(_ => T.CreateTruncating(random.Uniform(-1, 1)))];
    }

    /// <summary>One policy gradient: forward and backward of -mean(log pi(a|s) A) over the batch.</summary>
    [Benchmark(Baseline = true)]
    public void PolicyGradient()
    {
        tape.Reset();
        PolicyEvaluation<T> evaluation = policy.Evaluate();
        Tensor<T> loss = SurrogateObjectives.Vanilla(evaluation.LogProb, tape.Constant(Shape.Vector(Batch), advantages));
        tape.ZeroGrad();
        tape.Backward(loss);
    }

    /// <summary>One Gauss-Newton product J^T M J v.</summary>
    [Benchmark]
    public void FisherProductGaussNewton() => gaussNewton.Apply(vector, result);

    /// <summary>One exact product (double backward of the mean KL).</summary>
    [Benchmark]
    public void FisherProductExact() => exact.Apply(vector, result);

    /// <summary>CG(10) for F x = v with Gauss-Newton products.</summary>
    [Benchmark]
    public void ConjugateGradient10() => conjugateGradient.Solve(gaussNewton, vector, result);
}
