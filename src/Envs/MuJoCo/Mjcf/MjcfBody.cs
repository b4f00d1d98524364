using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>
/// A &lt;body&gt; with its joints, geoms, sites and child bodies (the world body is the one <see cref="MjcfModel"/>
/// holds as <see cref="MjcfModel.WorldBody"/>). Order matters: MuJoCo numbers joints, geoms and bodies in
/// document order, which fixes the qpos layout.
/// Thread-safety: immutable.
/// </summary>
public sealed record MjcfBody
{
    /// <summary>The body's name.</summary>
    public string? Name { get; init; }

    /// <summary>The frame origin in the parent frame.</summary>
    public MjcfVec3? Pos { get; init; }

    /// <summary>The frame orientation in the parent frame.</summary>
    public MjcfQuat? Quat { get; init; }

    /// <summary>Joints connecting the body to its parent, in qpos order.</summary>
    public IReadOnlyList<MjcfJoint> Joints { get; init; } = [];

    /// <summary>Geoms attached to the body.</summary>
    public IReadOnlyList<MjcfGeom> Geoms { get; init; } = [];

    /// <summary>Sites attached to the body.</summary>
    public IReadOnlyList<MjcfSite> Sites { get; init; } = [];

    /// <summary>Child bodies.</summary>
    public IReadOnlyList<MjcfBody> Bodies { get; init; } = [];

    /// <summary>The element, named <paramref name="elementName"/> ("body", or "worldbody" for the world).</summary>
    public XElement ToElement(string elementName = "body")
    {
        var element = new XElement(elementName);
        MjcfFormat.Add(element, "name", Name);
        MjcfFormat.Add(element, "pos", Pos);
        MjcfFormat.Add(element, "quat", Quat?.ToString());
        element.Add(Joints.Select(j => j.ToElement()));
        element.Add(Geoms.Select(g => g.ToElement()));
        element.Add(Sites.Select(s => s.ToElement()));
        element.Add(Bodies.Select(b => b.ToElement()));
        return element;
    }
}
