using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 ant (assets/ant.xml at commit 3f0476a8) and the MJCF built from them:
/// a sphere torso on a free joint 0.75 m above the floor with four three-segment legs (<see cref="AntLeg"/>), all
/// geoms of density 5 (total 0.911 kg), RK4 at 0.01 s. Two v4 facts live here: the motors are ordered hip_4,
/// ankle_4, hip_1, ankle_1, ... (<see cref="MotorLegOrder"/>), unlike the joints (hip_1, ankle_1, ..., qpos[7:15]);
/// and every ankle starts at 0, outside its range, so the limit constraints act from the first step. The asset's
/// custom numeric init_qpos is unused by Gymnasium and is left out. Vary a constant with <c>with</c>, e.g.
/// <c>AntModel.Default with { Gear = 100 }</c>. Thread-safety: immutable.
/// </summary>
public sealed record AntModel
{
    /// <summary>Gymnasium's ant.</summary>
    public static AntModel Default { get; } = new();

    /// <summary>The torso's initial height (m).</summary>
    public double TorsoHeight { get; init; } = 0.75;

    /// <summary>The torso sphere's radius (m).</summary>
    public double TorsoRadius { get; init; } = 0.25;

    /// <summary>Radius of every leg capsule (m).</summary>
    public double LegRadius { get; init; } = 0.08;

    /// <summary>x and y extent of the hip segment fixed to the torso (m, times the leg's direction).</summary>
    public double HipSegment { get; init; } = 0.2;

    /// <summary>x and y extent of the upper segment, on the hip hinge (m).</summary>
    public double UpperSegment { get; init; } = 0.2;

    /// <summary>x and y extent of the lower segment, on the ankle hinge (m).</summary>
    public double LowerSegment { get; init; } = 0.4;

    /// <summary>The four legs in the asset's order (front left, front right, back, right back).</summary>
    public IReadOnlyList<AntLeg> Legs { get; init; } =
    [
        new(1, "front_left_leg", "left_leg_geom", "left_ankle_geom", new(1, 1, 0), new(-1, 1, 0), (30, 70)),
        new(2, "front_right_leg", "right_leg_geom", "right_ankle_geom", new(-1, 1, 0), new(1, 1, 0), (-70, -30)),
        new(3, "back_leg", "back_leg_geom", "third_ankle_geom", new(-1, -1, 0), new(-1, 1, 0), (-70, -30)),
        new(4, "right_back_leg", "rightback_leg_geom", "fourth_ankle_geom", new(1, -1, 0), new(1, 1, 0), (30, 70)),
    ];

    /// <summary>The legs' numbers in actuator order: each leg contributes its hip motor, then its ankle motor.</summary>
    public IReadOnlyList<int> MotorLegOrder { get; init; } = [4, 1, 2, 3];

    /// <summary>Hip hinge range in degrees (about the vertical axis).</summary>
    public (double Low, double High) HipRange { get; init; } = (-30, 30);

    /// <summary>Density of every geom (kg/m³).</summary>
    public double Density { get; init; } = 5;

    /// <summary>Geom friction (sliding, torsional, rolling).</summary>
    public IReadOnlyList<double> Friction { get; init; } = [1, 0.5, 0.5];

    /// <summary>Contact margin of the body geoms and of the free joint (m).</summary>
    public double Margin { get; init; } = 0.01;

    /// <summary>Damping of the eight leg hinges.</summary>
    public double JointDamping { get; init; } = 1;

    /// <summary>Armature of the eight leg hinges.</summary>
    public double JointArmature { get; init; } = 1;

    /// <summary>Gear of the eight motors.</summary>
    public double Gear { get; init; } = 150;

    /// <summary>Control range of the eight motors.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-1, 1);

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.01;

    /// <summary>The integrator.</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.RK4;

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var torso = new MjcfBody
        {
            Name = "torso",
            Pos = new MjcfVec3(0, 0, TorsoHeight),
            Joints = [new MjcfJoint { Name = "root", Type = MjJointType.Free, Pos = origin, Limited = false, Armature = 0, Damping = 0, Margin = Margin }],
            Geoms = [new MjcfGeom { Name = "torso_geom", Type = MjcfGeomType.Sphere, Pos = origin, Size = [TorsoRadius] }],
            Bodies = [.. Legs.Select(Leg)],
        };

        return new MjcfModel
        {
            Name = "ant",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Degree, InertiaFromGeom = true },
            Option = new MjcfOption { Timestep = Timestep, Integrator = Integrator },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Armature = JointArmature, Damping = JointDamping, Limited = true },
                Geom = new MjcfGeom { ConAffinity = 0, Condim = 3, Density = Density, Friction = Friction, Margin = Margin },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = origin, Size = [40, 40, 40], ConAffinity = 1, Condim = 3 }],
                Bodies = [torso],
            },
            Motors = [.. MotorLegOrder.SelectMany(number => new[] { Motor($"hip_{number}"), Motor($"ankle_{number}") })],
        };
    }

    /// <summary>A leg: hip segment (fixed) -> aux_k body with hip_k and the upper segment -> unnamed body with ankle_k and the lower segment.</summary>
    private MjcfBody Leg(AntLeg leg)
    {
        var origin = MjcfVec3.Zero;
        MjcfVec3 hip = HipSegment * leg.Direction;
        MjcfVec3 upper = UpperSegment * leg.Direction;
        MjcfVec3 lower = LowerSegment * leg.Direction;
        var foot = new MjcfBody
        {
            Pos = upper,
            Joints = [new MjcfJoint { Name = $"ankle_{leg.Number}", Type = MjJointType.Hinge, Axis = leg.AnkleAxis, Pos = origin, Range = leg.AnkleRange }],
            Geoms = [Segment(leg.LowerGeomName, lower)],
        };
        var aux = new MjcfBody
        {
            Name = $"aux_{leg.Number}",
            Pos = hip,
            Joints = [new MjcfJoint { Name = $"hip_{leg.Number}", Type = MjJointType.Hinge, Axis = new MjcfVec3(0, 0, 1), Pos = origin, Range = HipRange }],
            Geoms = [Segment(leg.UpperGeomName, upper)],
            Bodies = [foot],
        };
        return new MjcfBody
        {
            Name = leg.BodyName,
            Pos = origin,
            Geoms = [Segment($"aux_{leg.Number}_geom", hip)],
            Bodies = [aux],
        };
    }

    /// <summary>A capsule from the body origin to <paramref name="end"/>.</summary>
    private MjcfGeom Segment(string name, MjcfVec3 end)
        => new() { Name = name, Type = MjcfGeomType.Capsule, FromTo = (MjcfVec3.Zero, end), Size = [LegRadius] };

    private MjcfMotor Motor(string joint) => new() { Joint = joint, CtrlLimited = true, CtrlRange = CtrlRange, Gear = Gear };
}
