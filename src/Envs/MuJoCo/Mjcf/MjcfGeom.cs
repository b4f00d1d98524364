using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>
/// A &lt;geom&gt; (also the geom entry of &lt;default&gt;): shape, placement, contact and mass properties. Null
/// properties write nothing. Give the placement either as Pos (+ Quat or AxisAngle) or as FromTo.
/// Thread-safety: immutable.
/// </summary>
public sealed record MjcfGeom
{
    /// <summary>The geom's name.</summary>
    public string? Name { get; init; }

    /// <summary>The shape (MJCF default sphere).</summary>
    public MjcfGeomType? Type { get; init; }

    /// <summary>Size parameters (meaning depends on the shape).</summary>
    public IReadOnlyList<double>? Size { get; init; }

    /// <summary>The centre in the body frame.</summary>
    public MjcfVec3? Pos { get; init; }

    /// <summary>The orientation in the body frame.</summary>
    public MjcfQuat? Quat { get; init; }

    /// <summary>The orientation as an axis and an angle (in the compiler's angle unit).</summary>
    public (MjcfVec3 Axis, double Angle)? AxisAngle { get; init; }

    /// <summary>A capsule, cylinder or box between two points of the body frame.</summary>
    public (MjcfVec3 From, MjcfVec3 To)? FromTo { get; init; }

    /// <summary>Friction: sliding, then optionally torsional and rolling.</summary>
    public IReadOnlyList<double>? Friction { get; init; }

    /// <summary>Density in kg/m^3 (MJCF default 1000), used when the mass comes from the shape.</summary>
    public double? Density { get; init; }

    /// <summary>An explicit mass (overrides the density).</summary>
    public double? Mass { get; init; }

    /// <summary>Contact type bits.</summary>
    public int? ConType { get; init; }

    /// <summary>Contact affinity bits.</summary>
    public int? ConAffinity { get; init; }

    /// <summary>Contact dimensionality (1, 3, 4 or 6).</summary>
    public int? Condim { get; init; }

    /// <summary>Contact margin.</summary>
    public double? Margin { get; init; }

    /// <summary>Contact solver impedance.</summary>
    public IReadOnlyList<double>? SolImp { get; init; }

    /// <summary>Contact solver reference.</summary>
    public IReadOnlyList<double>? SolRef { get; init; }

    /// <summary>The element, named <paramref name="elementName"/> ("geom").</summary>
    public XElement ToElement(string elementName = "geom")
    {
        var element = new XElement(elementName);
        MjcfFormat.Add(element, "name", Name);
        MjcfFormat.Add(element, "type", Type?.ToString().ToLowerInvariant());
        MjcfFormat.Add(element, "size", Size);
        MjcfFormat.Add(element, "pos", Pos);
        MjcfFormat.Add(element, "quat", Quat?.ToString());
        MjcfFormat.Add(element, "axisangle", AxisAngle is { } axisAngle ? MjcfFormat.Numbers(axisAngle.Axis.X, axisAngle.Axis.Y, axisAngle.Axis.Z, axisAngle.Angle) : null);
        MjcfFormat.Add(element, "fromto", FromTo is { } fromTo ? $"{fromTo.From} {fromTo.To}" : null);
        MjcfFormat.Add(element, "friction", Friction);
        MjcfFormat.Add(element, "density", Density);
        MjcfFormat.Add(element, "mass", Mass);
        MjcfFormat.Add(element, "contype", ConType);
        MjcfFormat.Add(element, "conaffinity", ConAffinity);
        MjcfFormat.Add(element, "condim", Condim);
        MjcfFormat.Add(element, "margin", Margin);
        MjcfFormat.Add(element, "solimp", SolImp);
        MjcfFormat.Add(element, "solref", SolRef);
        return element;
    }
}
