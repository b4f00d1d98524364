using System.Xml.Linq;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>The &lt;option&gt; element: physics settings. Null properties write nothing (MuJoCo's default). Thread-safety: immutable.</summary>
public sealed record MjcfOption
{
    /// <summary>Seconds per mj_step (MuJoCo default 0.002).</summary>
    public double? Timestep { get; init; }

    /// <summary>The integrator (MuJoCo default Euler).</summary>
    public MjIntegrator? Integrator { get; init; }

    /// <summary>The constraint solver (MuJoCo default Newton).</summary>
    public MjSolver? Solver { get; init; }

    /// <summary>The solver's iteration limit (MuJoCo default 100).</summary>
    public int? Iterations { get; init; }

    /// <summary>Gravity (MuJoCo default (0, 0, -9.81)).</summary>
    public MjcfVec3? Gravity { get; init; }

    /// <summary>The &lt;option&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("option");
        MjcfFormat.Add(element, "timestep", Timestep);
        MjcfFormat.Add(element, "integrator", Integrator switch
        {
            MjIntegrator.Euler => "Euler",
            MjIntegrator.RK4 => "RK4",
            MjIntegrator.Implicit => "implicit",
            _ => null,
        });
        MjcfFormat.Add(element, "solver", Solver?.ToString());
        MjcfFormat.Add(element, "iterations", Iterations);
        MjcfFormat.Add(element, "gravity", Gravity);
        return element;
    }
}
