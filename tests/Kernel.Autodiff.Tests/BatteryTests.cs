using Kernel.Autodiff.Checking;
using Xunit;

namespace Kernel.Autodiff.Tests;

public class BatteryTests
{
    [Fact]
    public void EveryBatteryCheckPassesInFp64() => AssertAllPass(GradCheckBattery.Run<double>());

    [Fact]
    public void EveryBatteryCheckPassesInFp32() => AssertAllPass(GradCheckBattery.Run<float>());

    [Fact]
    public void AWrongDerivativeIsCaught()
    {
        // d/dx of |x| sampled across its kink is not what finite differences see around 0: the check must fail.
        var result = GradCheck.Gradient<double>(new BrokenFunction(), [[0.0]]);
        Assert.False(result.Passed);
    }

    private static void AssertAllPass(IReadOnlyList<GradCheckResult> results)
    {
        var failures = results.Where(r => !r.Passed).Select(r => r.ToString()).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(GradCheckBattery.Cases.Count * 3, results.Count);
    }

    /// <summary>relu at exactly 0: the tape says slope 0, central differences say 1/2.</summary>
    private sealed class BrokenFunction : IDifferentiableFunction
    {
        public string Name => "relu_at_kink";

        public IReadOnlyList<Shape> InputShapes { get; } = [Shape.Scalar];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => Ops.ActivationOps.Relu(inputs[0]);
    }
}
