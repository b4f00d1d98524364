namespace Kernel.Envs.Control;

/// <summary>The <c>integrator</c> env option shared by the control envs; the scheme itself is <see cref="Integrator{T}"/>.</summary>
public static class Integrator
{
    /// <summary>The option value selecting <see cref="IntegratorKind.Euler"/>.</summary>
    public const string EulerName = "euler";

    /// <summary>The option value selecting <see cref="IntegratorKind.RungeKutta4"/>.</summary>
    public const string RungeKutta4Name = "rk4";

    /// <summary>Reads the <c>integrator</c> option ("euler" or "rk4", case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public static IntegratorKind ReadOption(EnvOptions options, IntegratorKind fallback)
    {
        ArgumentNullException.ThrowIfNull(options);
        string fallbackName = fallback == IntegratorKind.Euler ? EulerName : RungeKutta4Name;
        string name = options.GetChoice("integrator", fallbackName, EulerName, RungeKutta4Name);
        return name == EulerName ? IntegratorKind.Euler : IntegratorKind.RungeKutta4;
    }
}
