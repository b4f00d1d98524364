using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>Linear layer: forward against a plain loop, names, shapes, and bad input.</summary>
public class LinearTests
{
    [Fact]
    public void ForwardMatchesThePlainLoopInDouble()
    {
        var tape = new Tape<double>();
        var layer = new Linear<double>(tape, 5, 3, LayerInit.TorchDefault, new KernelRandom(4));
        double[] x = MlpReference.RandomValues(4 * 5, seed: 1);

        double[] y = layer.Forward(tape.Constant(Shape.Matrix(4, 5), x)).ToArray();

        double[] expected = MlpReference.Linear(x, 4, layer.Weight.ToArray(), layer.Bias.ToArray());
        Assert.Equal(expected.Length, y.Length);
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(expected[k], y[k], 1e-14);
        }
    }

    [Fact]
    public void ForwardMatchesThePlainLoopInFloat()
    {
        var tape = new Tape<float>();
        var layer = new Linear<float>(tape, 33, 9, LayerInit.TorchDefault, new KernelRandom(4));
        double[] x = MlpReference.RandomValues(6 * 33, seed: 2);

        float[] y = layer.Forward(tape.Constant(Shape.Matrix(6, 33), MlpReference.Narrow<float>(x))).ToArray();

        double[] xAsFloat = MlpReference.Widen(MlpReference.Narrow<float>(x));
        double[] expected = MlpReference.Linear(xAsFloat, 6, MlpReference.Widen(layer.Weight.ToArray()), MlpReference.Widen(layer.Bias.ToArray()));
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(expected[k], y[k], 1e-5);
        }
    }

    [Fact]
    public void ParametersAreWeightThenBiasUnderTheLayerName()
    {
        var tape = new Tape<double>();
        var bare = new Linear<double>(tape, 3, 2, LayerInit.TorchDefault, new KernelRandom(1));
        var named = new Linear<double>(tape, 3, 2, LayerInit.TorchDefault, new KernelRandom(1), "critic.4");

        Assert.Equal(["weight", "bias"], bare.Parameters.Select(p => p.Name));
        Assert.Equal(["critic.4.weight", "critic.4.bias"], named.Parameters.Select(p => p.Name));
        Assert.Equal("critic.4.weight", named.Weight.Label);
        Assert.Equal(Shape.Matrix(2, 3), named.Weight.Shape);
        Assert.Equal(Shape.Vector(2), named.Bias.Shape);
        Assert.Equal((3, 2), (named.InFeatures, named.OutFeatures));
        Assert.Equal(-1, named.Weight.TapeIndex);
    }

    [Fact]
    public void OutputIsLabelledWithTheLayerName()
    {
        var tape = new Tape<double>();
        var layer = new Linear<double>(tape, 2, 2, LayerInit.TorchDefault, new KernelRandom(1), "actor.0");
        Assert.Equal("actor.0", layer.Forward(tape.Zeros(Shape.Matrix(1, 2))).Label);
    }

    [Theory]
    [InlineData(0, 3, "inFeatures")]
    [InlineData(-2, 3, "inFeatures")]
    [InlineData(3, 0, "outFeatures")]
    public void WidthsBelowOneAreRefused(int inFeatures, int outFeatures, string parameter)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Linear<double>(new Tape<double>(), inFeatures, outFeatures, LayerInit.TorchDefault, new KernelRandom(1)));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void InputWithTheWrongWidthNamesBothShapes()
    {
        var tape = new Tape<double>();
        var layer = new Linear<double>(tape, 4, 2, LayerInit.TorchDefault, new KernelRandom(1), "0");
        ArgumentException error = Assert.Throws<ArgumentException>(() => layer.Forward(tape.Zeros(Shape.Matrix(3, 5))));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("[3x5]", error.Message);
        Assert.Contains("[batch x 4]", error.Message);
    }

    [Fact]
    public void WrappedTensorsMustBeAMatrixAndAMatchingBias()
    {
        var tape = new Tape<double>();
        Tensor<double> matrix = tape.Variable(Shape.Matrix(2, 3), new double[6]);
        Tensor<double> vector = tape.Variable(Shape.Vector(6), new double[6]);

        ArgumentException weight = Assert.Throws<ArgumentException>(() => new Linear<double>(vector, tape.Variable(Shape.Vector(2), new double[2])));
        Assert.Equal("weight", weight.ParamName);
        ArgumentException bias = Assert.Throws<ArgumentException>(() => new Linear<double>(matrix, tape.Variable(Shape.Vector(3), new double[3])));
        Assert.Equal("bias", bias.ParamName);
        Assert.Contains("[2]", bias.Message);
        ArgumentException otherTape = Assert.Throws<ArgumentException>(() => new Linear<double>(matrix, new Tape<double>().Variable(Shape.Vector(2), new double[2])));
        Assert.Equal("bias", otherTape.ParamName);
    }
}
