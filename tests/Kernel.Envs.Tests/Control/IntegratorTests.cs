using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Envs.Tests.Control;

public class IntegratorTests
{
    // s' = -s + u: exact solution s(dt) = u + (s0 - u) e^{-dt}.
    private static void Decay(ReadOnlySpan<double> s, ReadOnlySpan<double> u, Span<double> ds) => ds[0] = -s[0] + u[0];

    [Fact]
    public void EulerTakesOneForwardStep()
    {
        var integrator = new Integrator<double>(IntegratorKind.Euler, 1, Decay);
        double[] s = [2.0];
        integrator.Advance(s, [0.5], 0.1);
        Assert.Equal(2.0 + (0.1 * (-2.0 + 0.5)), s[0], 15);
    }

    [Fact]
    public void Rk4MatchesTheExponentialToFourthOrder()
    {
        var integrator = new Integrator<double>(IntegratorKind.RungeKutta4, 1, Decay);
        double[] s = [2.0];
        integrator.Advance(s, [0.5], 0.1);

        // RK4 on a linear system is the degree-4 Taylor polynomial of e^{-dt}.
        double h = 0.1;
        double taylor = 1 - h + (h * h / 2) - (h * h * h / 6) + (h * h * h * h / 24);
        Assert.Equal(0.5 + (1.5 * taylor), s[0], 14);
        Assert.Equal(0.5 + (1.5 * Math.Exp(-h)), s[0], 1e-6); // local error 1.5 h^5 / 120
    }

    [Fact]
    public void TheIntegratorOptionIsReadCaseInsensitivelyAndChecked()
    {
        Assert.Equal(IntegratorKind.Euler, Integrator.ReadOption(EnvOptions.Parse(["integrator=EULER"]), IntegratorKind.RungeKutta4));
        Assert.Equal(IntegratorKind.RungeKutta4, Integrator.ReadOption(EnvOptions.Parse(["integrator=rk4"]), IntegratorKind.Euler));
        Assert.Equal(IntegratorKind.Euler, Integrator.ReadOption(EnvOptions.None, IntegratorKind.Euler));
        ArgumentException error = Assert.Throws<ArgumentException>(() => Integrator.ReadOption(EnvOptions.Parse(["integrator=midpoint"]), IntegratorKind.Euler));
        Assert.Contains("midpoint", error.Message, StringComparison.Ordinal);
    }
}
