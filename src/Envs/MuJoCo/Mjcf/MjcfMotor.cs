using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>A &lt;motor&gt; actuator on a joint (also the motor entry of &lt;default&gt;): force = gear x clamp(ctrl, ctrlrange). Thread-safety: immutable.</summary>
public sealed record MjcfMotor
{
    /// <summary>The actuator's name.</summary>
    public string? Name { get; init; }

    /// <summary>The driven joint's name.</summary>
    public string? Joint { get; init; }

    /// <summary>The gear ratio (scales control to joint force).</summary>
    public double? Gear { get; init; }

    /// <summary>Whether MuJoCo clamps the control to <see cref="CtrlRange"/>.</summary>
    public bool? CtrlLimited { get; init; }

    /// <summary>The (low, high) control range.</summary>
    public (double Low, double High)? CtrlRange { get; init; }

    /// <summary>The element, named <paramref name="elementName"/> ("motor").</summary>
    public XElement ToElement(string elementName = "motor")
    {
        var element = new XElement(elementName);
        MjcfFormat.Add(element, "name", Name);
        MjcfFormat.Add(element, "joint", Joint);
        MjcfFormat.Add(element, "gear", Gear);
        MjcfFormat.Add(element, "ctrllimited", CtrlLimited);
        MjcfFormat.Add(element, "ctrlrange", CtrlRange);
        return element;
    }
}
