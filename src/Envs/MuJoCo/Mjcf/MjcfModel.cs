using System.Xml.Linq;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo.Mjcf;

/// <summary>
/// An MJCF document built in code: a thin, typed layer over System.Xml.Linq covering the elements the v4 tasks
/// need (compiler, option, size, default, worldbody with bodies/joints/geoms/sites, fixed tendons, motors). Records
/// all the way down, so a variant is a <c>with</c> expression; <see cref="ToXml"/> gives the text MuJoCo
/// compiles and <see cref="Compile"/> compiles it. Only physics is written (no materials, lights or cameras).
/// Thread-safety: immutable.
/// </summary>
public sealed record MjcfModel
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The &lt;compiler&gt; settings.</summary>
    public MjcfCompiler Compiler { get; init; } = new();

    /// <summary>The &lt;option&gt; settings.</summary>
    public MjcfOption Option { get; init; } = new();

    /// <summary>The &lt;size&gt; settings, or null for none.</summary>
    public MjcfSize? Size { get; init; }

    /// <summary>The default class.</summary>
    public MjcfDefaults Defaults { get; init; } = new();

    /// <summary>The world body: static geoms (floor, rail), sites and the top-level bodies. Its name and pose are ignored.</summary>
    public MjcfBody WorldBody { get; init; } = new();

    /// <summary>Fixed tendons.</summary>
    public IReadOnlyList<MjcfFixedTendon> Tendons { get; init; } = [];

    /// <summary>Motors, in actuator (ctrl) order.</summary>
    public IReadOnlyList<MjcfMotor> Motors { get; init; } = [];

    /// <summary>The document.</summary>
    public XDocument ToXDocument()
    {
        var root = new XElement("mujoco", new XAttribute("model", Name));
        root.Add(Compiler.ToElement());
        root.Add(Option.ToElement());
        if (Size is not null)
        {
            root.Add(Size.ToElement());
        }

        root.Add(Defaults.ToElement());
        root.Add((WorldBody with { Name = null, Pos = null, Quat = null }).ToElement("worldbody"));
        if (Tendons.Count > 0)
        {
            root.Add(new XElement("tendon", Tendons.Select(t => t.ToElement())));
        }

        if (Motors.Count > 0)
        {
            root.Add(new XElement("actuator", Motors.Select(m => m.ToElement())));
        }

        return new XDocument(root);
    }

    /// <summary>The MJCF text.</summary>
    public string ToXml() => ToXDocument().ToString();

    /// <summary>Compiles the model with libmujoco (<see cref="MuJoCoModel.FromXml"/>).</summary>
    public MuJoCoModel Compile() => MuJoCoModel.FromXml(ToXml());
}
