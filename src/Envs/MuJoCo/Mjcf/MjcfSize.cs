using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>The &lt;size&gt; element: memory and count settings. Null properties write nothing (MuJoCo's default). Thread-safety: immutable.</summary>
public sealed record MjcfSize
{
    /// <summary>The stack size of mjData in mjtNums (nstack).</summary>
    public int? NStack { get; init; }

    /// <summary>The number of keyframes to allocate (nkey).</summary>
    public int? NKey { get; init; }

    /// <summary>The number of user numbers per geom (nuser_geom).</summary>
    public int? NUserGeom { get; init; }

    /// <summary>The &lt;size&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("size");
        MjcfFormat.Add(element, "nstack", NStack);
        MjcfFormat.Add(element, "nkey", NKey);
        MjcfFormat.Add(element, "nuser_geom", NUserGeom);
        return element;
    }
}
