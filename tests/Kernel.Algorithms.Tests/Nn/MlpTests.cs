using Kernel.Algorithms.Nn;
using Kernel.Autodiff.Monitor;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>MLP: forward against a plain loop for every activation and precision, Sequential-style names, seeds, bad input.</summary>
public class MlpTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Silu)]
    public void ForwardMatchesThePlainLoopInDouble(Activation activation)
    {
        var tape = new Tape<double>();
        var mlp = new Mlp<double>(tape, [5, 7, 3, 2], activation, MlpInit.TorchDefault, new KernelRandom(6));
        double[] x = MlpReference.RandomValues(4 * 5, seed: 3);

        double[] y = mlp.Forward(tape.Constant(Shape.Matrix(4, 5), x)).ToArray();

        double[] expected = MlpReference.Mlp(x, 4, MlpReference.Values(mlp), activation);
        Assert.Equal(4 * 2, y.Length);
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(expected[k], y[k], 1e-14);
        }
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Silu)]
    public void ForwardMatchesThePlainLoopInFloat(Activation activation)
    {
        var tape = new Tape<float>();
        var mlp = new Mlp<float>(tape, [17, 64, 64, 6], activation, MlpInit.OrthogonalPolicy, new KernelRandom(6));
        double[] x = MlpReference.Widen(MlpReference.Narrow<float>(MlpReference.RandomValues(8 * 17, seed: 4)));

        float[] y = mlp.Forward(tape.Constant(Shape.Matrix(8, 17), MlpReference.Narrow<float>(x))).ToArray();

        double[] expected = MlpReference.Mlp(x, 8, MlpReference.Values(mlp), activation);
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(expected[k], y[k], 1e-6);
        }
    }

    [Fact]
    public void HalfForwardStaysWithinFp16RoundingOfTheReference()
    {
        var tape = new Tape<Half>();
        var mlp = new Mlp<Half>(tape, [6, 16, 3], Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(2));
        double[] x = MlpReference.Widen(MlpReference.Narrow<Half>(MlpReference.RandomValues(5 * 6, seed: 5)));

        Half[] y = mlp.Forward(tape.Constant(Shape.Matrix(5, 6), MlpReference.Narrow<Half>(x))).ToArray();

        double[] expected = MlpReference.Mlp(x, 5, MlpReference.Values(mlp), Activation.Tanh);
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(expected[k], (double)y[k], 5e-3);
        }
    }

    [Fact]
    public void ParametersAreNamedLikeAPytorchSequential()
    {
        var tape = new Tape<float>();
        var bare = new Mlp<float>(tape, [17, 64, 64, 6], Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(1));
        var actor = new Mlp<float>(tape, [17, 64, 6], Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(1), "actor_mean");

        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], bare.Parameters.Select(p => p.Name));
        Assert.Equal(["actor_mean.0.weight", "actor_mean.0.bias", "actor_mean.2.weight", "actor_mean.2.bias"], actor.Parameters.Select(p => p.Name));
        Assert.Equal(["actor_mean.0.weight", "actor_mean.0.bias", "actor_mean.2.weight", "actor_mean.2.bias"], actor.Parameters.Select(p => p.Tensor.Label));
        Assert.Equal([Shape.Matrix(64, 17), Shape.Vector(64), Shape.Matrix(6, 64), Shape.Vector(6)], actor.Parameters.Select(p => p.Tensor.Shape));
        Assert.Equal((17, 6), (actor.InFeatures, actor.OutFeatures));
    }

    [Fact]
    public void ForwardLabelsLayerOutputsAndActivationsForTheNumericsMonitor()
    {
        var tape = new Tape<double> { Monitor = new NumericsMonitor<double>() };
        var mlp = new Mlp<double>(tape, [2, 3, 1], Activation.Silu, MlpInit.TorchDefault, new KernelRandom(1), "v");
        Tensor<double> y = mlp.Forward(tape.Constant(Shape.Matrix(1, 2), [0.5, -0.25]));
        Assert.Equal("v.2", y.Label);
        Assert.Equal(["v.0", "v.0.silu", "v.2"], tape.Monitor.Headroom().Select(record => record.Label));
    }

    [Fact]
    public void SameSeedGivesTheSameNetwork()
    {
        double[] Draw(ulong seed)
        {
            var mlp = new Mlp<double>(new Tape<double>(), [4, 8, 2], Activation.Relu, MlpInit.OrthogonalValue, new KernelRandom(seed));
            return mlp.Parameters.SelectMany(p => p.Tensor.ToArray()).ToArray();
        }

        Assert.Equal(Draw(9), Draw(9));
        Assert.NotEqual(Draw(9), Draw(10));
    }

    [Fact]
    public void HiddenAndOutputLayersGetTheirOwnInitialisers()
    {
        // Torch-default hidden layers have non-zero biases; the orthogonal output layer's bias is zero.
        var mlp = new Mlp<double>(new Tape<double>(), [4, 8, 8, 2], Activation.Tanh, new MlpInit(LayerInit.TorchDefault, LayerInit.Orthogonal(0.5)), new KernelRandom(3));
        Assert.All(mlp.Layers.Take(2), layer => Assert.Contains(layer.Bias.ToArray(), b => b != 0));
        Assert.All(mlp.Layers[2].Bias.ToArray(), b => Assert.Equal(0.0, b));
    }

    [Fact]
    public void ChainedLayersMustFitAndHaveDistinctNames()
    {
        var tape = new Tape<double>();
        var random = new KernelRandom(1);
        var a = new Linear<double>(tape, 3, 4, LayerInit.TorchDefault, random, "0");
        var b = new Linear<double>(tape, 5, 2, LayerInit.TorchDefault, random, "2");
        var c = new Linear<double>(tape, 4, 2, LayerInit.TorchDefault, random, "0");

        ArgumentException mismatch = Assert.Throws<ArgumentException>(() => new Mlp<double>([a, b], Activation.Tanh));
        Assert.Equal("layers", mismatch.ParamName);
        Assert.Contains("4 outputs", mismatch.Message);
        ArgumentException duplicate = Assert.Throws<ArgumentException>(() => new Mlp<double>([a, c], Activation.Tanh));
        Assert.Equal("layers", duplicate.ParamName);
        Assert.Contains("\"0.weight\"", duplicate.Message);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new Mlp<double>([], Activation.Tanh)).ParamName);
    }

    [Fact]
    public void BadWidthsAndActivationAreRefusedNamingTheParameter()
    {
        var tape = new Tape<double>();
        var random = new KernelRandom(1);

        ArgumentException tooFew = Assert.Throws<ArgumentException>(() => new Mlp<double>(tape, [3], Activation.Tanh, MlpInit.TorchDefault, random));
        Assert.Equal("widths", tooFew.ParamName);
        ArgumentOutOfRangeException zero = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp<double>(tape, [3, 0, 2], Activation.Tanh, MlpInit.TorchDefault, random));
        Assert.Equal("widths", zero.ParamName);
        Assert.Contains("widths[1] = 0", zero.Message);
        ArgumentOutOfRangeException negative = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp<double>(tape, [3, 4, -1], Activation.Tanh, MlpInit.TorchDefault, random));
        Assert.Contains("widths[2] = -1", negative.Message);
        ArgumentOutOfRangeException activation = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp<double>(tape, [3, 2], (Activation)7, MlpInit.TorchDefault, random));
        Assert.Equal("activation", activation.ParamName);
        Assert.Equal("Hidden", Assert.Throws<ArgumentNullException>(() => new MlpInit(null!, LayerInit.TorchDefault)).ParamName);
    }

    [Fact]
    public void InputWithTheWrongWidthIsRefused()
    {
        var tape = new Tape<double>();
        var mlp = new Mlp<double>(tape, [3, 4, 2], Activation.Tanh, MlpInit.TorchDefault, new KernelRandom(1));
        ArgumentException error = Assert.Throws<ArgumentException>(() => mlp.Forward(tape.Zeros(Shape.Matrix(2, 4))));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("[2x4]", error.Message);
    }
}
