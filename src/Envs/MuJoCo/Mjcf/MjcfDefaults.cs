using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>The top-level &lt;default&gt; class: attribute values every joint, geom and motor starts from. Thread-safety: immutable.</summary>
public sealed record MjcfDefaults
{
    /// <summary>Joint defaults (Name and Type are ignored).</summary>
    public MjcfJoint? Joint { get; init; }

    /// <summary>Geom defaults.</summary>
    public MjcfGeom? Geom { get; init; }

    /// <summary>Motor defaults.</summary>
    public MjcfMotor? Motor { get; init; }

    /// <summary>The &lt;default&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("default");
        if (Joint is not null)
        {
            element.Add(Joint.ToElement());
        }

        if (Geom is not null)
        {
            element.Add(Geom.ToElement());
        }

        if (Motor is not null)
        {
            element.Add(Motor.ToElement());
        }

        return element;
    }
}
