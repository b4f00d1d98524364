using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>
/// The optimisers and norm clipping update whole SIMD vectors and then a scalar tail. A parameter repeating three
/// values 13 times (39 elements: at least one whole vector and a ragged tail for float and double, whatever the
/// vector width) must end with the same bits at every repetition: the vector lanes compute what the scalar loop, whose
/// results the other tests pin to PyTorch's, computes.
/// </summary>
public class VectorizedStepTests
{
    private const int Repeats = 13;
    private static readonly double[] P0 = [0.5, -1.0, 2.0];
    private static readonly double[][] Gradients = [[0.2, -0.4, 1.0], [0.36, -0.39, -0.19], [0.12, -0.87, 0.23]];

    public static TheoryData<string> Optimisers => new() { "adam", "adam beta1 0.3 decay", "sgd", "sgd decay", "momentum", "momentum dampening decay", "nesterov" };

    [Theory]
    [MemberData(nameof(Optimisers))]
    public void FloatLanesMatchTheScalarTail(string optimiser) => AssertLanesMatchTail<float>(optimiser);

    [Theory]
    [MemberData(nameof(Optimisers))]
    public void DoubleLanesMatchTheScalarTail(string optimiser) => AssertLanesMatchTail<double>(optimiser);

    public static TheoryData<string> HalfOptimisers => new() { "adam", "adam beta1 0.3 decay" };

    /// <summary>fp16 parameters with fp32 moments: Adam widens chunks to fp32 and narrows once, as its scalar tail does.</summary>
    [Theory]
    [MemberData(nameof(HalfOptimisers))]
    public void HalfLanesMatchTheScalarTail(string optimiser) => AssertLanesMatchTail<Half>(optimiser);

    /// <summary>fp16 gradients are scaled in fp32 and rounded to fp16 once, element by element.</summary>
    [Fact]
    public void HalfNormClippingMultipliesInFp32AndRoundsOnce()
    {
        var tape = new Tape<Half>();
        NamedParameter<Half>[] parameters = GradientFixture.Parameters(tape, ("w", Repeat(P0)));
        GradientFixture.SetGradients(parameters, Repeat([0.3, -7.1, 2.9]));
        double[] before = GradientFixture.Gradient(parameters[0]);

        double total = GradientClipping.ClipNorm(parameters, 0.37);

        float factor = (float)(0.37 / (total + GradientClipping.NormEpsilon));
        double[] after = GradientFixture.Gradient(parameters[0]);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal((double)(Half)((float)before[i] * factor), after[i]);
        }
    }

    [Fact]
    public void NormClippingScalesEveryLaneAsTheTail()
    {
        var tape = new Tape<float>();
        NamedParameter<float>[] parameters = GradientFixture.Parameters(tape, ("w", Repeat(P0)));
        GradientFixture.SetGradients(parameters, Repeat([0.3, -7.1, 2.9]));

        GradientClipping.ClipNorm(parameters, 0.37);

        AssertRepeats(GradientFixture.Gradient(parameters[0]));
    }

    private static void AssertLanesMatchTail<T>(string optimiser)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>();
        NamedParameter<T>[] parameters = GradientFixture.Parameters(tape, ("w", Repeat(P0)));
        Optimizer<T> step = optimiser switch
        {
            "adam" => new Adam<T>(parameters, learningRate: 0.1),
            "adam beta1 0.3 decay" => new Adam<T>(parameters, learningRate: 0.1, beta1: 0.3, weightDecay: 0.01),
            "sgd" => new Sgd<T>(parameters, learningRate: 0.1),
            "sgd decay" => new Sgd<T>(parameters, learningRate: 0.1, weightDecay: 0.01),
            "momentum" => new Sgd<T>(parameters, learningRate: 0.1, momentum: 0.9),
            "momentum dampening decay" => new Sgd<T>(parameters, learningRate: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.01),
            "nesterov" => new Sgd<T>(parameters, learningRate: 0.1, momentum: 0.9, nesterov: true),
            _ => throw new ArgumentOutOfRangeException(nameof(optimiser), optimiser, "unknown case"),
        };

        foreach (double[] gradient in Gradients)
        {
            GradientFixture.SetGradients(parameters, Repeat(gradient));
            step.Step();
        }

        AssertRepeats(GradientFixture.Values(parameters[0]));
        foreach (double[] buffer in step.ExportState().Buffers.Values)
        {
            AssertRepeats(buffer);
        }
    }

    private static double[] Repeat(double[] pattern) => Enumerable.Range(0, Repeats).SelectMany(_ => pattern).ToArray();

    /// <summary>Every element has the bits of the element in the last repetition (the scalar tail) at its position.</summary>
    private static void AssertRepeats(double[] values)
    {
        int last = values.Length - P0.Length;
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[last + (i % P0.Length)]), BitConverter.DoubleToInt64Bits(values[i]));
        }
    }
}
