using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 inverted pendulum (assets/inverted_pendulum.xml at commit 3f0476a8)
/// and the MJCF built from them: a cart on a rail (slide joint, range ±1 m) carrying a pole on a hinge (range
/// ±90°), no contacts, one motor on the cart. Vary a constant with <c>with</c>, e.g.
/// <c>InvertedPendulumModel.Default with { PoleRadius = 0.03 }</c>. Thread-safety: immutable.
/// </summary>
public sealed record InvertedPendulumModel
{
    /// <summary>Gymnasium's inverted pendulum.</summary>
    public static InvertedPendulumModel Default { get; } = new();

    /// <summary>The orientation that lays the rail and cart capsules along x, as written in the asset (MuJoCo normalises it).</summary>
    public MjcfQuat AlongX { get; init; } = new(0.707, 0, 0.707, 0);

    /// <summary>Radius of the (massless, world-fixed) rail capsule (m).</summary>
    public double RailRadius { get; init; } = 0.02;

    /// <summary>Half-length of the rail capsule (m).</summary>
    public double RailHalfLength { get; init; } = 1;

    /// <summary>Radius of the cart capsule (m).</summary>
    public double CartRadius { get; init; } = 0.1;

    /// <summary>Half-length of the cart capsule (m).</summary>
    public double CartHalfLength { get; init; } = 0.1;

    /// <summary>Radius of the pole capsule (m).</summary>
    public double PoleRadius { get; init; } = 0.049;

    /// <summary>The pole's far end in the pole frame; the asset tilts it by 1 mm in x (m).</summary>
    public MjcfVec3 PoleTip { get; init; } = new(0.001, 0, 0.6);

    /// <summary>The cart's travel (m).</summary>
    public (double Low, double High) SliderRange { get; init; } = (-1, 1);

    /// <summary>The pole hinge's range (degrees).</summary>
    public (double Low, double High) HingeRange { get; init; } = (-90, 90);

    /// <summary>Damping of both joints.</summary>
    public double JointDamping { get; init; } = 1;

    /// <summary>Gear of the cart motor.</summary>
    public double Gear { get; init; } = 100;

    /// <summary>Control range of the cart motor.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-3, 3);

    /// <summary>Geom friction (sliding, torsional, rolling); no geom collides (contype 0).</summary>
    public IReadOnlyList<double> Friction { get; init; } = [1, 0.1, 0.1];

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.02;

    /// <summary>The integrator.</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.RK4;

    /// <summary>Gravity.</summary>
    public MjcfVec3 Gravity { get; init; } = new(0, 0, -9.81);

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var pole = new MjcfBody
        {
            Name = "pole",
            Pos = origin,
            Joints = [new MjcfJoint { Name = "hinge", Type = MjJointType.Hinge, Axis = new MjcfVec3(0, 1, 0), Pos = origin, Range = HingeRange }],
            Geoms = [new MjcfGeom { Name = "cpole", Type = MjcfGeomType.Capsule, FromTo = (origin, PoleTip), Size = [PoleRadius] }],
        };
        var cart = new MjcfBody
        {
            Name = "cart",
            Pos = origin,
            Joints = [new MjcfJoint { Name = "slider", Type = MjJointType.Slide, Axis = new MjcfVec3(1, 0, 0), Pos = origin, Limited = true, Range = SliderRange }],
            Geoms = [new MjcfGeom { Name = "cart", Type = MjcfGeomType.Capsule, Pos = origin, Quat = AlongX, Size = [CartRadius, CartHalfLength] }],
            Bodies = [pole],
        };
        return new MjcfModel
        {
            Name = "inverted pendulum",
            Compiler = new MjcfCompiler { InertiaFromGeom = true },
            Option = new MjcfOption { Gravity = Gravity, Integrator = Integrator, Timestep = Timestep },
            Size = new MjcfSize { NStack = 3000 },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Armature = 0, Damping = JointDamping, Limited = true },
                Geom = new MjcfGeom { ConType = 0, Friction = Friction },
                Motor = new MjcfMotor { CtrlRange = CtrlRange },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "rail", Type = MjcfGeomType.Capsule, Pos = origin, Quat = AlongX, Size = [RailRadius, RailHalfLength] }],
                Bodies = [cart],
            },
            Motors = [new MjcfMotor { Name = "slide", Joint = "slider", CtrlLimited = true, CtrlRange = CtrlRange, Gear = Gear }],
        };
    }
}
