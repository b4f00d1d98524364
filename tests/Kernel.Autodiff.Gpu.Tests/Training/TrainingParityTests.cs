using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.Training;

/// <summary>
/// PPO on Pendulum-v1 with a fixed seed for three updates with the networks and losses on the ILGPU CPU accelerator
/// gives the CPU's metrics within <see cref="TrainingParity"/>'s tolerances (1e-4 relative in fp32, 1e-10 in fp64;
/// justified there), and a perturbed run does not. The trainer opens the device through Backends, as the CLI does,
/// with the GPU backend plugged in.
/// </summary>
public sealed class TrainingParityTests
{
    public TrainingParityTests() => GpuBackends.Register();

    [Theory]
    [InlineData(NumericPrecision.Fp32)]
    [InlineData(NumericPrecision.Fp64)]
    public void PendulumPpoOnTheDeviceMatchesTheCpu(NumericPrecision precision)
    {
        TrainingParityResult result = TrainingParity.Compare(TrainingParity.PendulumCheck(precision), DeviceKind.IlgpuCpu);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(3, result.Updates);
    }

    [Fact]
    public void TheComparisonSeesADifferentRun()
    {
        // Identical CPU runs agree exactly; a learning rate 1% higher is a different run and fails the fp64 tolerance.
        TrainConfig config = TrainingParity.PendulumCheck(NumericPrecision.Fp64);
        TrainingParityResult same = TrainingParity.Compare(config, DeviceKind.Cpu);
        Assert.True(same.Passed, same.ToString());
        Assert.Equal(0, same.Error);
        TrainingParityResult different = TrainingParity.Compare(config, config with { Optimizer = config.Optimizer with { LearningRate = config.Optimizer.LearningRate * 1.01 } });
        Assert.False(different.Passed, different.ToString());
    }

    [Fact]
    public void Fp16AndUnknownDevicesAreRejected()
    {
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => TrainingParity.PendulumCheck(NumericPrecision.Fp16)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingParity.Compare(TrainingParity.PendulumCheck(NumericPrecision.Fp32), (DeviceKind)9));
    }
}
