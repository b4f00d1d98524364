using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training;

/// <summary>What an exploded step's exploded_at says about its gradient.</summary>
public sealed class ExplosionGuardTests
{
    [Fact]
    public void AGradientNormThatOverflowsFromFiniteComponentsSaysSo()
    {
        // Two components of 1e200: finite, but their squares are not (seen on Humanoid-v4 in fp64, 000-fig3).
        (ExplosionGuard<double> guard, double norm) = Guard([1e200, -1e200]);

        Assert.Equal(double.PositiveInfinity, norm);
        Assert.Equal(
            "gradient norm = Infinity (epoch 1, minibatch 2; every component is finite, the sum of their squares is not)",
            guard.StepFailure(string.Empty, loss: 1, norm, "epoch 1, minibatch 2"));
    }

    [Fact]
    public void ANonFiniteComponentIsNamedByItsParameter()
    {
        (ExplosionGuard<double> guard, double norm) = Guard([1, double.NaN]);

        Assert.Equal("gradient policy.0.weight (epoch 1, minibatch 1, norm NaN)", guard.StepFailure(string.Empty, loss: 1, norm, "epoch 1, minibatch 1"));
    }

    /// <summary>A guard over one parameter whose accumulated gradient is <paramref name="gradient"/>, and that gradient's L2 norm.</summary>
    private static (ExplosionGuard<double> Guard, double Norm) Guard(double[] gradient)
    {
        var tape = new Tape<double>();
        Tensor<double> weight = tape.Parameter(Shape.Vector(gradient.Length), [1, 1], "w");
        Tensor<double> loss = weight.Multiply(tape.Constant(Shape.Vector(gradient.Length), gradient)).Sum();
        tape.Backward(loss);
        double norm = Math.Sqrt(gradient.Sum(g => g * g));
        return (new ExplosionGuard<double>(tape, [new NamedParameter<double>("policy.0.weight", weight)], new UpdateRecord()), norm);
    }
}
