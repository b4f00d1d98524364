using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 half cheetah (assets/half_cheetah.xml at commit 3f0476a8) and the MJCF
/// built from them: a capsule torso with a tilted head on a planar root (x, z, pitch), a back leg
/// (bthigh, bshin, bfoot) and a front leg (fthigh, fshin, ffoot), each hinge a spring-damper with its own range and
/// gear. Radians throughout; the compiler rescales all masses so that the total is <see cref="TotalMass"/>
/// (settotalmass = 14). Euler integration at 0.01 s. Vary a constant with <c>with</c>, e.g.
/// <c>HalfCheetahModel.Default with { BackFoot = HalfCheetahModel.Default.BackFoot with { Gear = 90 } }</c>.
/// Thread-safety: immutable.
/// </summary>
public sealed record HalfCheetahModel
{
    /// <summary>Gymnasium's half cheetah.</summary>
    public static HalfCheetahModel Default { get; } = new();

    /// <summary>The torso frame's initial height (m).</summary>
    public double TorsoHeight { get; init; } = 0.7;

    /// <summary>Half the torso capsule's length along x (m); the thighs' anchors are their own <see cref="HalfCheetahLink.BodyPos"/>.</summary>
    public double TorsoHalfLength { get; init; } = 0.5;

    /// <summary>The head capsule's centre in the torso frame (m).</summary>
    public MjcfVec3 HeadPos { get; init; } = new(0.6, 0, 0.1);

    /// <summary>The head capsule's rotation about the y axis (rad).</summary>
    public double HeadTilt { get; init; } = 0.87;

    /// <summary>The head capsule's half-length (m).</summary>
    public double HeadHalfLength { get; init; } = 0.15;

    /// <summary>Radius of every capsule (m).</summary>
    public double LimbRadius { get; init; } = 0.046;

    /// <summary>The back thigh, hanging from the torso's rear end.</summary>
    public HalfCheetahLink BackThigh { get; init; } = new(new(-0.5, 0, 0), new(0.1, 0, -0.13), -3.8, 0.145, 240, 6, (-0.52, 1.05), 120);

    /// <summary>The back shin.</summary>
    public HalfCheetahLink BackShin { get; init; } = new(new(0.16, 0, -0.25), new(-0.14, 0, -0.07), -2.03, 0.15, 180, 4.5, (-0.785, 0.785), 90);

    /// <summary>The back foot.</summary>
    public HalfCheetahLink BackFoot { get; init; } = new(new(-0.28, 0, -0.14), new(0.03, 0, -0.097), -0.27, 0.094, 120, 3, (-0.4, 0.785), 60);

    /// <summary>The front thigh, hanging from the torso's front end.</summary>
    public HalfCheetahLink FrontThigh { get; init; } = new(new(0.5, 0, 0), new(-0.07, 0, -0.12), 0.52, 0.133, 180, 4.5, (-1, 0.7), 120);

    /// <summary>The front shin.</summary>
    public HalfCheetahLink FrontShin { get; init; } = new(new(-0.14, 0, -0.24), new(0.065, 0, -0.09), -0.6, 0.106, 120, 3, (-1.2, 0.87), 60);

    /// <summary>The front foot.</summary>
    public HalfCheetahLink FrontFoot { get; init; } = new(new(0.13, 0, -0.18), new(0.045, 0, -0.07), -0.6, 0.07, 60, 1.5, (-0.5, 0.5), 30);

    /// <summary>The total mass the compiler scales the geoms' masses to (settotalmass, kg).</summary>
    public double TotalMass { get; init; } = 14;

    /// <summary>Armature of the six leg hinges.</summary>
    public double JointArmature { get; init; } = 0.1;

    /// <summary>The joint defaults' damping and stiffness (every leg hinge overrides both; kept because the asset writes them).</summary>
    public (double Damping, double Stiffness) DefaultJointSpring { get; init; } = (0.01, 8);

    /// <summary>Joint-limit constraint impedance (solimplimit).</summary>
    public IReadOnlyList<double> SolImpLimit { get; init; } = [0, 0.8, 0.03];

    /// <summary>Joint-limit constraint reference (solreflimit: time constant, damping ratio).</summary>
    public IReadOnlyList<double> SolRefLimit { get; init; } = [0.02, 1];

    /// <summary>Geom friction (sliding, torsional, rolling).</summary>
    public IReadOnlyList<double> Friction { get; init; } = [0.4, 0.1, 0.1];

    /// <summary>Contact impedance (solimp).</summary>
    public IReadOnlyList<double> SolImp { get; init; } = [0, 0.8, 0.01];

    /// <summary>Contact reference (solref: time constant, damping ratio).</summary>
    public IReadOnlyList<double> SolRef { get; init; } = [0.02, 1];

    /// <summary>Control range of the six motors.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-1, 1);

    /// <summary>Gravity (m/s²), written out in the asset.</summary>
    public MjcfVec3 Gravity { get; init; } = new(0, 0, -9.81);

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.01;

    /// <summary>The integrator (the asset names none: MuJoCo's default, Euler).</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.Euler;

    /// <summary>The constraint stack size the asset asks for (size nstack).</summary>
    public int StackSize { get; init; } = 300000;

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var bfoot = Limb("bfoot", BackFoot, []);
        var bshin = Limb("bshin", BackShin, [bfoot]);
        var bthigh = Limb("bthigh", BackThigh, [bshin]);
        var ffoot = Limb("ffoot", FrontFoot, []);
        var fshin = Limb("fshin", FrontShin, [ffoot]);
        var fthigh = Limb("fthigh", FrontThigh, [fshin]);

        var torso = new MjcfBody
        {
            Name = "torso",
            Pos = new MjcfVec3(0, 0, TorsoHeight),
            Joints =
            [
                RootJoint("rootx", MjJointType.Slide, new MjcfVec3(1, 0, 0)),
                RootJoint("rootz", MjJointType.Slide, new MjcfVec3(0, 0, 1)),
                RootJoint("rooty", MjJointType.Hinge, new MjcfVec3(0, 1, 0)),
            ],
            Geoms =
            [
                new MjcfGeom { Name = "torso", Type = MjcfGeomType.Capsule, FromTo = (new MjcfVec3(-TorsoHalfLength, 0, 0), new MjcfVec3(TorsoHalfLength, 0, 0)), Size = [LimbRadius] },
                new MjcfGeom { Name = "head", Type = MjcfGeomType.Capsule, Pos = HeadPos, AxisAngle = (new MjcfVec3(0, 1, 0), HeadTilt), Size = [LimbRadius, HeadHalfLength] },
            ],
            Bodies = [bthigh, fthigh],
        };

        return new MjcfModel
        {
            Name = "cheetah",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Radian, InertiaFromGeom = true, SetTotalMass = TotalMass },
            Option = new MjcfOption { Timestep = Timestep, Integrator = Integrator, Gravity = Gravity },
            Size = new MjcfSize { NStack = StackSize },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint
                {
                    Armature = JointArmature,
                    Damping = DefaultJointSpring.Damping,
                    Limited = true,
                    SolImpLimit = SolImpLimit,
                    SolRefLimit = SolRefLimit,
                    Stiffness = DefaultJointSpring.Stiffness,
                },
                Geom = new MjcfGeom { ConAffinity = 0, Condim = 3, ConType = 1, Friction = Friction, SolImp = SolImp, SolRef = SolRef },
                Motor = new MjcfMotor { CtrlLimited = true, CtrlRange = CtrlRange },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = origin, Size = [40, 40, 40], ConAffinity = 1, Condim = 3 }],
                Bodies = [torso],
            },
            Motors =
            [
                Motor("bthigh", BackThigh), Motor("bshin", BackShin), Motor("bfoot", BackFoot),
                Motor("fthigh", FrontThigh), Motor("fshin", FrontShin), Motor("ffoot", FrontFoot),
            ],
        };
    }

    private static MjcfJoint RootJoint(string name, MjJointType type, MjcfVec3 axis)
        => new() { Name = name, Type = type, Axis = axis, Pos = MjcfVec3.Zero, Limited = false, Armature = 0, Damping = 0, Stiffness = 0 };

    /// <summary>A link's body with its hinge (about y, at the body origin) and capsule; body, joint, geom and motor share the name.</summary>
    private MjcfBody Limb(string name, HalfCheetahLink link, IReadOnlyList<MjcfBody> children)
        => new()
        {
            Name = name,
            Pos = link.BodyPos,
            Joints =
            [
                new MjcfJoint
                {
                    Name = name,
                    Type = MjJointType.Hinge,
                    Axis = new MjcfVec3(0, 1, 0),
                    Pos = MjcfVec3.Zero,
                    Range = link.Range,
                    Damping = link.Damping,
                    Stiffness = link.Stiffness,
                },
            ],
            Geoms = [new MjcfGeom { Name = name, Type = MjcfGeomType.Capsule, Pos = link.GeomPos, AxisAngle = (new MjcfVec3(0, 1, 0), link.GeomTilt), Size = [LimbRadius, link.GeomHalfLength] }],
            Bodies = children,
        };

    private static MjcfMotor Motor(string name, HalfCheetahLink link) => new() { Name = name, Joint = name, Gear = link.Gear };
}
