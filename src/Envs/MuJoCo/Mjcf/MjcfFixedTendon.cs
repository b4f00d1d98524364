using System.Xml.Linq;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>A fixed tendon: a named linear combination of joint positions (&lt;tendon&gt;&lt;fixed&gt;). Thread-safety: immutable.</summary>
public sealed record MjcfFixedTendon
{
    /// <summary>The tendon's name.</summary>
    public string? Name { get; init; }

    /// <summary>The joints and their coefficients, in order.</summary>
    public IReadOnlyList<(string Joint, double Coef)> Joints { get; init; } = [];

    /// <summary>The &lt;fixed&gt; element.</summary>
    public XElement ToElement()
    {
        var element = new XElement("fixed");
        MjcfFormat.Add(element, "name", Name);
        foreach ((string joint, double coef) in Joints)
        {
            var entry = new XElement("joint");
            MjcfFormat.Add(entry, "joint", joint);
            MjcfFormat.Add(entry, "coef", coef);
            element.Add(entry);
        }

        return element;
    }
}
