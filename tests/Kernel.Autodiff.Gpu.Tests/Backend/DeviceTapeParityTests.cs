using FsCheck;
using FsCheck.Fluent;
using Kernel.Autodiff;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Tests;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.Backend;

/// <summary>
/// Every tape op on the ILGPU CPU accelerator against the host backend, in fp16, fp32 and fp64, over the random
/// shapes and values of the host's op properties (<see cref="Generators"/>, fixed seed): output, gradient, JVP and
/// double-backward HVP. <see cref="BackendParity"/> holds the tolerance: bitwise equality where every op that ran has
/// the host's operation order, <see cref="BackendParity.InexactBound"/> units of roundoff (normwise) where one does not.
/// </summary>
public sealed class DeviceTapeParityTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    private const int Cases = 4;

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (OpKind kind in Enum.GetValues<OpKind>())
        {
            data.Add(kind.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OpMatchesTheHostInEveryPrecision(string kind)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(20240611UL, 1234567UL);
        Check.One(config, Prop.ForAll(Generators.For(Enum.Parse<OpKind>(kind)).ToArbitrary(), (OpCase c) =>
        {
            AssertPasses(BackendParity.Compare(c, c.Inputs, fixture.Fp64), c);
            AssertPasses(BackendParity.Compare(c, c.Inputs, fixture.Fp32), c);
            AssertPasses(BackendParity.Compare(c, c.Inputs, fixture.Fp16), c);
        }));
    }

    [Theory]
    [InlineData("add")]
    [InlineData("matmul")]
    [InlineData("relu")]
    [InlineData("concat")]
    [InlineData("where")]
    public void SameOrderOpsAreComparedBitwise(string name)
    {
        GradCheckBattery function = GradCheckBattery.Cases.Single(c => c.Name == name);
        ParityResult result = BackendParity.Compare(function, function.Sample(new Random(7)), fixture.Fp32);
        Assert.True(result.Exact, result.ToString());
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void AnMlpOverOddShapesMatchesTheHost()
    {
        var mlp = new MlpParityCase(batch: 21, features: 11, hidden: 19, classes: 5);
        double[][] point = mlp.Sample(new Random(11));
        AssertPasses(BackendParity.Compare(mlp, point, fixture.Fp64), mlp.Name);
        AssertPasses(BackendParity.Compare(mlp, point, fixture.Fp32), mlp.Name);
        AssertPasses(BackendParity.Compare(mlp, point, fixture.Fp16), mlp.Name);
    }

    [Fact]
    public void AWrongDeviceResultIsCaught()
    {
        // A function that is not the same on both sides (it reads which backend it runs on) must fail the comparison.
        var skewed = new BackendSkewedFunction();
        ParityResult result = BackendParity.Compare(skewed, [[0.5, -1.25, 2.0]], fixture.Fp32);
        Assert.False(result.Passed, result.ToString());
        Assert.True(result.Exact);
    }

    private static void AssertPasses(ParityResult result, object context)
        => Assert.True(result.Passed, $"{result}{Environment.NewLine}case {context}");

    /// <summary>Adds one ulp-sized constant on the device only.</summary>
    private sealed class BackendSkewedFunction : IDifferentiableFunction
    {
        public string Name => "skewed";

        public IReadOnlyList<Shape> InputShapes { get; } = [Shape.Vector(3)];

        public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            => tape.Backend.Name == "cpu" ? inputs[0].Square() : inputs[0].Square().AddScalar(T.CreateTruncating(1e-3));
    }
}
