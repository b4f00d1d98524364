using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Envs.Tests.Control;

public class LinearControllerTests
{
    private static readonly double[,] Gain = { { 1, 2, 3 }, { -1, 0, 4 } };

    [Fact]
    public void TheConstructorComputesMinusKSPlusB()
    {
        var controller = new LinearController(Gain, [0.5, -0.25]);
        Span<double> u = stackalloc double[2];
        controller.Act([1, -1, 2], u);
        Assert.Equal(-1.0, controller.FeedbackSign);
        Assert.Equal(-(1 - 2 + 6) + 0.5, u[0]);
        Assert.Equal(-(-1 + 0 + 8) - 0.25, u[1]);
    }

    [Fact]
    public void PositiveFeedbackComputesPlusKSPlusBAndTheBiasDefaultsToZero()
    {
        var controller = LinearController.PositiveFeedback(Gain);
        Span<double> u = stackalloc double[2];
        controller.Act([1, -1, 2], u);
        Assert.Equal(1.0, controller.FeedbackSign);
        Assert.Equal(5.0, u[0]);
        Assert.Equal(7.0, u[1]);
        Assert.Equal(new double[2], controller.Bias);
    }

    [Fact]
    public void MismatchedSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new LinearController(Gain, [1.0]));
        var controller = new LinearController(Gain);
        Assert.Equal(2, controller.ActionDimension);
        Assert.Equal(3, controller.StateDimension);
        var state = new double[2];
        var action = new double[2];
        ArgumentException error = Assert.Throws<ArgumentException>(() => controller.Act(state, action));
        Assert.Contains("2 values", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => controller.Act(new double[3], new double[1]));
        Assert.Throws<ArgumentException>(() => new LinearController(new[,] { { double.NaN } }));
    }

    [Fact]
    public void TheGainIsCopiedInAndOut()
    {
        var gain = (double[,])Gain.Clone();
        var controller = new LinearController(gain);
        gain[0, 0] = 100;
        controller.Gain[0, 1] = 100;
        Assert.Equal(1.0, controller.Gain[0, 0]);
        Assert.Equal(2.0, controller.Gain[0, 1]);
    }
}
