using Kernel.Algorithms.Distributions;
using Kernel.Autodiff.Monitor;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

/// <summary>The monitor names the Gaussian log-prob's term that overflows fp16 when the mean is far from the action.</summary>
public sealed class GaussianLogProbMonitorTests
{
    [Fact]
    public void AMean100AwayIn17DimensionsOverflowsFp16AtTheLabelledSquaredDistance()
    {
        // 000 A.2 on Humanoid-v4: mu = f(s) + 100, the clipped action at 0.4, sigma = 1, 17 dimensions: 17 x 99.6^2 = 1.69e5.
        var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> mean = tape.Constant(Shape.Matrix(1, 17), [.. Enumerable.Repeat((Half)100, 17)], "mean");
        Tensor<Half> logStd = tape.Constant(Shape.Matrix(1, 17), [.. Enumerable.Repeat((Half)0, 17)], "log_std");
        Tensor<Half> action = tape.Constant(Shape.Matrix(1, 17), [.. Enumerable.Repeat((Half)0.4, 17)], "action");

        GaussianFunctions.LogProb(mean, logStd, action, DistributionLabels.LogpNew);

        AnomalyReport report = Assert.IsType<AnomalyReport>(tape.Monitor.FirstAnomaly);
        Assert.Equal(DistributionLabels.SquaredMahalanobis, report.Label);
        Assert.Equal(17 * 99.6 * 99.6, report.Fp64Value, 1e-2 * 17 * 99.6 * 99.6);
        Assert.StartsWith("sum_axis1(\"squared_mahalanobis\") = 1.6", report.Headline, StringComparison.Ordinal);
    }
}
