using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>A &lt;site&gt;: a named, massless point of a body (site_xpos reads its world position). Thread-safety: immutable.</summary>
public sealed record MjcfSite
{
    /// <summary>The site's name.</summary>
    public string? Name { get; init; }

    /// <summary>The position in the body frame.</summary>
    public MjcfVec3? Pos { get; init; }

    /// <summary>Size parameters (rendering only).</summary>
    public IReadOnlyList<double>? Size { get; init; }

    /// <summary>The &lt;site&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("site");
        MjcfFormat.Add(element, "name", Name);
        MjcfFormat.Add(element, "pos", Pos);
        MjcfFormat.Add(element, "size", Size);
        return element;
    }
}
