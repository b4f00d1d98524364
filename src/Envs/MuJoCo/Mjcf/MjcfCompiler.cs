using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>The &lt;compiler&gt; element: how the MJCF numbers are read. Null properties write nothing (MuJoCo's default). Thread-safety: immutable.</summary>
public sealed record MjcfCompiler
{
    /// <summary>The angle unit of joint ranges and axis-angles (MJCF default: degrees).</summary>
    public MjcfAngle? Angle { get; init; }

    /// <summary>Compute body inertias from their geoms (inertiafromgeom; MJCF default: auto).</summary>
    public bool? InertiaFromGeom { get; init; }

    /// <summary>Scale all masses and inertias so the total mass is this (settotalmass).</summary>
    public double? SetTotalMass { get; init; }

    /// <summary>The &lt;compiler&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("compiler");
        MjcfFormat.Add(element, "angle", Angle switch { MjcfAngle.Degree => "degree", MjcfAngle.Radian => "radian", _ => null });
        MjcfFormat.Add(element, "inertiafromgeom", InertiaFromGeom);
        MjcfFormat.Add(element, "settotalmass", SetTotalMass);
        return element;
    }
}
