using FsCheck;
using FsCheck.Fluent;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Tests;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>
/// The host tape's op properties with the analytic side on the ILGPU CPU accelerator: for every op, over the same
/// generators and fixed seed, the device's fp64 gradient (reverse mode), JVP (forward mode) and HVP (double backward)
/// match central finite differences computed in fp64 on the host, with the host properties' tolerances.
/// </summary>
public sealed class DeviceGradientPropertyTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    private const int Cases = 3;

    public static TheoryData<string> Kinds() => DeviceTapeParityTests.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DeviceDerivativesMatchFiniteDifferences(string kind)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(20240611UL, 1234567UL);
        Check.One(config, Prop.ForAll(Generators.For(Enum.Parse<OpKind>(kind)).ToArbitrary(), (OpCase c) =>
        {
            GradCheckResult[] results =
            [
                GradCheck.Gradient(c, c.Inputs, c.Options, fixture.Fp64),
                GradCheck.Jvp(c, c.Inputs, c.Options, fixture.Fp64),
                GradCheck.Hvp(c, c.Inputs, c.Options, fixture.Fp64),
            ];
            Assert.True(results.All(r => r.Passed), $"{string.Join(Environment.NewLine, results.Select(r => r.ToString()))}{Environment.NewLine}case {c}");
        }));
    }

    [Fact]
    public void TheBatteryPassesOnTheDeviceInFp64()
    {
        IReadOnlyList<GradCheckResult> results = GradCheckBattery.Run(GradCheckBattery.Cases, backend: fixture.Fp64);
        Assert.Equal(GradCheckBattery.Cases.Count * 3, results.Count);
        Assert.True(results.All(r => r.Passed), string.Join(Environment.NewLine, results.Where(r => !r.Passed)));
    }
}
