using System.Globalization;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>
/// The old policy has one layout for every head and every member that takes one (issue 23's wall: SetBatch wanted
/// sigma while the head's parameter is log sigma, and a log sigma passed in went through silently).
/// </summary>
public class FisherPolicyOldPolicyTests
{
    private const int Batch = 5;
    private const int ObservationSize = 3;
    private const int Actions = 2;

    public enum HeadKind
    {
        Gaussian,
        TanhGaussian,
        Categorical,
    }

    [Theory]
    [InlineData(HeadKind.Gaussian)]
    [InlineData(HeadKind.TanhGaussian)]
    [InlineData(HeadKind.Categorical)]
    public void WriteOldPolicyWritesWhatActStoredAndSetBatchTakesItWithAZeroKl(HeadKind kind)
    {
        (Tape<double> tape, Mlp<double> network, IPolicyHead<double> head, double[] x) = Build(kind, initialStd: 0.5);
        var stored = new double[Batch * head.StoredActionSize];
        var actOld = new double[Batch * head.OldPolicySize];
        tape.Reset();
        using (tape.NoGrad())
        {
            head.Act(Forward(tape, network, x), new KernelRandom(5), new double[Batch * (kind == HeadKind.Categorical ? 1 : Actions)], stored, new double[Batch], actOld);
        }

        tape.Reset();
        var written = new double[actOld.Length];
        head.WriteOldPolicy(head.Evaluate(Forward(tape, network, x), stored), written);
        Assert.Equal(actOld, written);

        var policy = new FisherPolicy<double>(tape, network, head);
        policy.SetBatch(x, stored, written);
        tape.Reset();
        double[] kl = policy.Kl(policy.Evaluate()).ToArray();
        Assert.Equal(Batch, kl.Length);
        Assert.All(kl, value => Assert.InRange(value, -1e-15, 1e-15));
    }

    [Theory]
    [InlineData(HeadKind.Gaussian, 0.5)]
    [InlineData(HeadKind.Gaussian, 1.0)]
    [InlineData(HeadKind.TanhGaussian, 0.5)]
    public void ALogSigmaWhereSigmaBelongsIsRefusedWithTheLayoutNamed(HeadKind kind, double initialStd)
    {
        (Tape<double> tape, Mlp<double> network, IPolicyHead<double> head, double[] x) = Build(kind, initialStd);
        var stored = new double[Batch * Actions];
        tape.Reset();
        PolicyEvaluation<double> evaluation = head.Evaluate(Forward(tape, network, x), stored);
        double[] mean = evaluation.Gaussian.Mean.ToArray();
        double[] logStd = evaluation.Gaussian.LogStd.ToArray();
        var meanAndLogStd = new double[Batch * head.OldPolicySize];
        for (int row = 0; row < Batch; row++)
        {
            mean.AsSpan(row * Actions, Actions).CopyTo(meanAndLogStd.AsSpan(row * 2 * Actions));
            logStd.AsSpan(row * Actions, Actions).CopyTo(meanAndLogStd.AsSpan((row * 2 * Actions) + Actions));
        }

        var policy = new FisherPolicy<double>(tape, network, head);
        ArgumentException error = Assert.Throws<ArgumentException>(() => policy.SetBatch(x, stored, meanAndLogStd));
        Assert.Equal("oldPolicy", error.ParamName);
        Assert.Contains($"oldPolicy[{Actions}] = {Math.Log(initialStd).ToString(CultureInfo.InvariantCulture)} (state 0, sigma of coordinate 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("sigma itself > 0 (not log sigma)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, policy.Rows);
    }

    [Theory]
    [InlineData(HeadKind.Gaussian, 1, double.NaN, "state 0, mean of coordinate 1")]
    [InlineData(HeadKind.Gaussian, 7, double.PositiveInfinity, "state 1, sigma of coordinate 1")]
    [InlineData(HeadKind.Categorical, 3, double.NegativeInfinity, "state 1, logit 1")]
    public void ANonFiniteOldPolicyIsRefusedNamingTheEntry(HeadKind kind, int index, double value, string where)
    {
        (Tape<double> tape, Mlp<double> network, IPolicyHead<double> head, double[] x) = Build(kind, initialStd: 0.5);
        var stored = new double[Batch * head.StoredActionSize];
        var old = new double[Batch * head.OldPolicySize];
        tape.Reset();
        head.WriteOldPolicy(head.Evaluate(Forward(tape, network, x), stored), old);
        old[index] = value;
        ArgumentException error = Assert.Throws<ArgumentException>(() => new FisherPolicy<double>(tape, network, head).SetBatch(x, stored, old));
        Assert.Contains($"oldPolicy[{index}] = {value.ToString(CultureInfo.InvariantCulture)} ({where})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteOldPolicyRefusesABufferOfTheWrongLength()
    {
        (Tape<double> tape, Mlp<double> network, IPolicyHead<double> head, double[] x) = Build(HeadKind.Gaussian, initialStd: 0.5);
        tape.Reset();
        PolicyEvaluation<double> evaluation = head.Evaluate(Forward(tape, network, x), new double[Batch * Actions]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => head.WriteOldPolicy(evaluation, new double[Batch * Actions]));
        Assert.Contains($"expected {Batch * 2 * Actions}", error.Message, StringComparison.Ordinal);
    }

    private static (Tape<double> Tape, Mlp<double> Network, IPolicyHead<double> Head, double[] Observations) Build(HeadKind kind, double initialStd)
    {
        var tape = new Tape<double>();
        var random = new KernelRandom(23);
        BoxSpace box = BoxSpace.Uniform(Actions, -2, 2);
        IPolicyHead<double> head = kind switch
        {
            HeadKind.Gaussian => new GaussianPolicyHead<double>(tape, box, new GaussianOptions(), initialStd),
            HeadKind.TanhGaussian => new TanhGaussianPolicyHead<double>(tape, box, new TanhGaussianOptions(), initialStd),
            _ => new CategoricalPolicyHead<double>(tape, new DiscreteSpace(Actions)),
        };
        var network = new Mlp<double>(tape, [ObservationSize, 4, head.NetworkOutputs], Activation.Tanh, MlpInit.TorchDefault, random, "policy");
        double[] x = [.. Enumerable.Range(0, Batch * ObservationSize).Select(_ => random.Uniform(-1, 1))];
        return (tape, network, head, x);
    }

    private static Tensor<double> Forward(Tape<double> tape, Mlp<double> network, double[] x)
        => network.Forward(tape.Constant(Shape.Matrix(Batch, ObservationSize), x));
}
