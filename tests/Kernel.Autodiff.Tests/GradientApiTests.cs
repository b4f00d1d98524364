using Kernel.Autodiff.Ops;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// The gradient family: Gradient/Gradients are fresh (torch.autograd.grad) and take an explicit seed for non-scalar
/// outputs; AccumulatedGradient reads what Backward added up (x.grad).
/// </summary>
public class GradientApiTests
{
    [Fact]
    public void GradientWithASeedIsAVectorJacobianProduct()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(3), [1, 2, 3]);
        Tensor<double> y = x.Square();
        Tensor<double> seed = tape.Constant(Shape.Vector(3), [1, 0.5, -1]);
        Assert.Equal(new[] { 2.0, 2, -6 }, tape.Gradient(y, seed, x).ToArray());

        Tensor<double>[] both = new Tensor<double>[1];
        tape.Gradients(y, seed, [x], both);
        Assert.Equal(new[] { 2.0, 2, -6 }, both[0].ToArray());
    }

    [Fact]
    public void ANonScalarOutputWithoutASeedSaysHowToPassOne()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(2), [1, 2]);
        var error = Assert.Throws<InvalidOperationException>(() => tape.Gradient(x.Square(), x));
        Assert.Contains("pass a seed gradient of shape [2]", error.Message);
        var wrongSeed = Assert.Throws<ArgumentException>(() => tape.Gradient(x.Square(), tape.Constant(Shape.Vector(3), [1, 1, 1]), x));
        Assert.Equal("seed", wrongSeed.ParamName);
    }

    [Fact]
    public void FreshGradientsLeaveTheAccumulatedOnesAlone()
    {
        var tape = new Tape<double>();
        Tensor<double> w = tape.Parameter(Shape.Vector(2), [1, -1]);
        tape.Backward(w.Square().Sum());
        Assert.Equal(new[] { 6.0, -6 }, tape.Gradient(w.Square().MultiplyScalar(3).Sum(), w).ToArray());
        Assert.Equal(new[] { 2.0, -2 }, tape.AccumulatedGradient(w).ToArray());
        tape.Backward(w.Sum());
        Assert.Equal(new[] { 3.0, -1 }, tape.AccumulatedGradient(w).ToArray());
    }
}
