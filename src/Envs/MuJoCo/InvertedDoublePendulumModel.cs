using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 inverted double pendulum (assets/inverted_double_pendulum.xml at
/// commit 3f0476a8) and the MJCF built from them: a cart on a rail (slide joint, range ±1 m) carrying two poles on
/// unlimited hinges, a site "tip" at the far end of the second pole, no contacts, one motor on the cart, and a
/// deliberate 1e-5 x component of gravity. The asset's custom numeric frame_skip = 2 is not written: Gymnasium
/// ignores it (it steps 5 frames). Vary a constant with <c>with</c>. Thread-safety: immutable.
/// </summary>
public sealed record InvertedDoublePendulumModel
{
    /// <summary>Gymnasium's inverted double pendulum.</summary>
    public static InvertedDoublePendulumModel Default { get; } = new();

    /// <summary>The orientation that lays the rail and cart capsules along x, as written in the asset (MuJoCo normalises it).</summary>
    public MjcfQuat AlongX { get; init; } = new(0.707, 0, 0.707, 0);

    /// <summary>Radius of the (massless, world-fixed) rail capsule (m).</summary>
    public double RailRadius { get; init; } = 0.02;

    /// <summary>Half-length of the rail capsule (m).</summary>
    public double RailHalfLength { get; init; } = 1;

    /// <summary>Height of the (non-colliding) floor plane (m).</summary>
    public double FloorHeight { get; init; } = -3.0;

    /// <summary>Radius of the cart capsule (m).</summary>
    public double CartRadius { get; init; } = 0.1;

    /// <summary>Half-length of the cart capsule (m).</summary>
    public double CartHalfLength { get; init; } = 0.1;

    /// <summary>Radius of both pole capsules (m).</summary>
    public double PoleRadius { get; init; } = 0.045;

    /// <summary>Length of each pole (m); the second pole's hinge and the tip site sit at the ends.</summary>
    public double PoleLength { get; init; } = 0.6;

    /// <summary>The cart's travel (m).</summary>
    public (double Low, double High) SliderRange { get; init; } = (-1, 1);

    /// <summary>The slider limit's margin (m).</summary>
    public double SliderMargin { get; init; } = 0.01;

    /// <summary>Damping of all three joints.</summary>
    public double JointDamping { get; init; } = 0.05;

    /// <summary>Gear of the cart motor.</summary>
    public double Gear { get; init; } = 500;

    /// <summary>Control range of the cart motor.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-1, 1);

    /// <summary>Geom friction (sliding, torsional, rolling); no geom collides (contype 0).</summary>
    public IReadOnlyList<double> Friction { get; init; } = [1, 0.1, 0.1];

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.01;

    /// <summary>The integrator.</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.RK4;

    /// <summary>Gravity, with the asset's tiny x component.</summary>
    public MjcfVec3 Gravity { get; init; } = new(1e-5, 0, -9.81);

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var poleEnd = new MjcfVec3(0, 0, PoleLength);
        var pole2 = new MjcfBody
        {
            Name = "pole2",
            Pos = poleEnd,
            Joints = [Hinge("hinge2")],
            Geoms = [Pole("cpole2")],
            Sites = [new MjcfSite { Name = "tip", Pos = poleEnd, Size = [0.01, 0.01] }],
        };
        var pole = new MjcfBody
        {
            Name = "pole",
            Pos = origin,
            Joints = [Hinge("hinge")],
            Geoms = [Pole("cpole")],
            Bodies = [pole2],
        };
        var cart = new MjcfBody
        {
            Name = "cart",
            Pos = origin,
            Joints = [new MjcfJoint { Name = "slider", Type = MjJointType.Slide, Axis = new MjcfVec3(1, 0, 0), Pos = origin, Limited = true, Margin = SliderMargin, Range = SliderRange }],
            Geoms = [new MjcfGeom { Name = "cart", Type = MjcfGeomType.Capsule, Pos = origin, Quat = AlongX, Size = [CartRadius, CartHalfLength] }],
            Bodies = [pole],
        };
        return new MjcfModel
        {
            Name = "cartpole",
            Compiler = new MjcfCompiler { InertiaFromGeom = true },
            Option = new MjcfOption { Gravity = Gravity, Integrator = Integrator, Timestep = Timestep },
            Size = new MjcfSize { NStack = 3000 },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Damping = JointDamping },
                Geom = new MjcfGeom { ConType = 0, Friction = Friction },
            },
            WorldBody = new MjcfBody
            {
                Geoms =
                [
                    new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = new MjcfVec3(0, 0, FloorHeight), Size = [40, 40, 40] },
                    new MjcfGeom { Name = "rail", Type = MjcfGeomType.Capsule, Pos = origin, Quat = AlongX, Size = [RailRadius, RailHalfLength] },
                ],
                Bodies = [cart],
            },
            Motors = [new MjcfMotor { Name = "slide", Joint = "slider", CtrlLimited = true, CtrlRange = CtrlRange, Gear = Gear }],
        };
    }

    private static MjcfJoint Hinge(string name)
        => new() { Name = name, Type = MjJointType.Hinge, Axis = new MjcfVec3(0, 1, 0), Pos = MjcfVec3.Zero };

    private MjcfGeom Pole(string name)
        => new() { Name = name, Type = MjcfGeomType.Capsule, FromTo = (MjcfVec3.Zero, new MjcfVec3(0, 0, PoleLength)), Size = [PoleRadius] };
}
