using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Autodiff;
using Kernel.Autodiff.Gpu.Tests.Backend;
using Kernel.Autodiff.Storage;
using Kernel.Envs;
using Xunit;

namespace Kernel.Autodiff.Gpu.Tests.SecondOrder;

/// <summary>
/// Fisher-vector products (both ways) and a CG solve on a device tape (ilgpu-cpu, fp64) agree with the CPU tape's to
/// 1e-10 relative: the double backward and the forward-mode sweep run on device buffers, the flat vectors move once.
/// </summary>
public sealed class DeviceFisherProductTests(BackendFixture fixture) : IClassFixture<BackendFixture>
{
    [Theory]
    [InlineData(FisherProductMode.GaussNewton)]
    [InlineData(FisherProductMode.Exact)]
    public void ProductsAndASolveOnTheDeviceMatchTheCpu(FisherProductMode mode)
    {
        (FisherVectorProduct<double> cpu, double[] v) = Build(new Tape<double>(), mode);
        (FisherVectorProduct<double> device, _) = Build(new Tape<double>(fixture.Fp64), mode);

        var expected = new double[v.Length];
        var actual = new double[v.Length];
        cpu.Apply(v, expected);
        device.Apply(v, actual);
        AssertClose(expected, actual, 1e-10);

        var options = new ConjugateGradientOptions { MaxIterations = 5, Tolerance = 0 };
        new ConjugateGradient<double>(v.Length, options).Solve(cpu, v, expected);
        new ConjugateGradient<double>(v.Length, options).Solve(device, v, actual);
        AssertClose(expected, actual, 1e-10);
    }

    private static (FisherVectorProduct<double> Product, double[] Vector) Build(Tape<double> tape, FisherProductMode mode)
    {
        const int batch = 7, observations = 3, actions = 2;
        var random = new KernelRandom(11);
        var head = new GaussianPolicyHead<double>(tape, BoxSpace.Uniform(actions, -2, 2), new GaussianOptions(), initialStd: 0.7);
        var network = new Mlp<double>(tape, [observations, 5, actions], Activation.Tanh, MlpInit.TorchDefault, random, "policy");
        double[] x = [.. Enumerable.Range(0, batch * observations).Select(_ => random.Uniform(-1, 1))];
        var stored = new double[batch * actions];
        var old = new double[batch * head.OldPolicySize];
        using (tape.NoGrad())
        {
            head.Act(network.Forward(tape.Constant(Shape.Matrix(batch, observations), x)), random, new double[batch * actions], stored, new double[batch], old);
        }

        var policy = new FisherPolicy<double>(tape, network, head);
        policy.SetBatch(x, stored, old);
        var product = new FisherVectorProduct<double>(policy, mode, damping: 0.1);
        double[] v = [.. Enumerable.Range(0, product.Dimension).Select(_ => random.Uniform(-1, 1))];
        return (product, v);
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        double scale = expected.Max(Math.Abs);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= relative * scale, $"worst difference {worst:E3} against largest magnitude {scale:E3}");
    }
}
