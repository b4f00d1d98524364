using System.Xml.Linq;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>
/// A &lt;joint&gt; (also the joint entry of &lt;default&gt;). Null properties write nothing, so the default class or
/// MuJoCo's default applies; ranges are in the compiler's angle unit for hinges and in metres for slides.
/// Thread-safety: immutable.
/// </summary>
public sealed record MjcfJoint
{
    /// <summary>The joint's name.</summary>
    public string? Name { get; init; }

    /// <summary>The joint kind (MJCF default hinge).</summary>
    public MjJointType? Type { get; init; }

    /// <summary>The anchor in the body frame.</summary>
    public MjcfVec3? Pos { get; init; }

    /// <summary>The axis in the body frame.</summary>
    public MjcfVec3? Axis { get; init; }

    /// <summary>Whether the range is enforced.</summary>
    public bool? Limited { get; init; }

    /// <summary>The (low, high) range.</summary>
    public (double Low, double High)? Range { get; init; }

    /// <summary>Viscous damping.</summary>
    public double? Damping { get; init; }

    /// <summary>Armature inertia added to the joint's degrees of freedom.</summary>
    public double? Armature { get; init; }

    /// <summary>Spring stiffness towards the reference.</summary>
    public double? Stiffness { get; init; }

    /// <summary>The reference position (qpos0 of a hinge or slide).</summary>
    public double? Ref { get; init; }

    /// <summary>The limit margin.</summary>
    public double? Margin { get; init; }

    /// <summary>Solver reference of the limit constraint (solreflimit).</summary>
    public IReadOnlyList<double>? SolRefLimit { get; init; }

    /// <summary>Solver impedance of the limit constraint (solimplimit).</summary>
    public IReadOnlyList<double>? SolImpLimit { get; init; }

    /// <summary>The element, named <paramref name="elementName"/> ("joint").</summary>
    public XElement ToElement(string elementName = "joint")
    {
        var element = new XElement(elementName);
        MjcfFormat.Add(element, "name", Name);
        MjcfFormat.Add(element, "type", Type?.ToString().ToLowerInvariant());
        MjcfFormat.Add(element, "pos", Pos);
        MjcfFormat.Add(element, "axis", Axis);
        MjcfFormat.Add(element, "limited", Limited);
        MjcfFormat.Add(element, "range", Range);
        MjcfFormat.Add(element, "damping", Damping);
        MjcfFormat.Add(element, "armature", Armature);
        MjcfFormat.Add(element, "stiffness", Stiffness);
        MjcfFormat.Add(element, "ref", Ref);
        MjcfFormat.Add(element, "margin", Margin);
        MjcfFormat.Add(element, "solreflimit", SolRefLimit);
        MjcfFormat.Add(element, "solimplimit", SolImpLimit);
        return element;
    }
}
