using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 hopper (assets/hopper.xml at commit 3f0476a8, the local-coordinate
/// rewrite of OpenAI Gym's global-coordinate file) and the MJCF built from them. The geometry is given as the
/// original file's global points (heights of the torso top, hip, knee and ankle, the foot's heel and toe); each
/// body, joint and geom offset is derived from them by the same subtractions the rewrite made, so the compiled
/// model equals Gymnasium's number for number. Vary a constant with <c>with</c>, e.g.
/// <c>HopperModel.Default with { Knee = 0.5, Gear = 150 }</c> (a longer thigh, weaker motors).
/// Thread-safety: immutable.
/// </summary>
public sealed record HopperModel
{
    /// <summary>Gymnasium's hopper.</summary>
    public static HopperModel Default { get; } = new();

    /// <summary>Height of the torso's top end (m).</summary>
    public double TorsoTop { get; init; } = 1.45;

    /// <summary>Height of the hip: the torso's bottom and the thigh's top (m).</summary>
    public double Hip { get; init; } = 1.05;

    /// <summary>Height of the knee: the thigh's bottom and the leg's top (m).</summary>
    public double Knee { get; init; } = 0.6;

    /// <summary>Height of the ankle: the leg's bottom and the foot's axis (m).</summary>
    public double Ankle { get; init; } = 0.1;

    /// <summary>x of the foot capsule's heel end (m).</summary>
    public double HeelX { get; init; } = -0.13;

    /// <summary>x of the foot capsule's toe end (m).</summary>
    public double ToeX { get; init; } = 0.26;

    /// <summary>The foot body's frame origin in the original global file, (0.13, 0, 0) (only where MuJoCo puts the frame; the physics does not depend on it).</summary>
    public MjcfVec3 FootFrame { get; init; } = new(0.13, 0, 0);

    /// <summary>The torso capsule's radius (m).</summary>
    public double TorsoRadius { get; init; } = 0.05;

    /// <summary>The thigh capsule's radius (m).</summary>
    public double ThighRadius { get; init; } = 0.05;

    /// <summary>The leg capsule's radius (m).</summary>
    public double LegRadius { get; init; } = 0.04;

    /// <summary>The foot capsule's radius (m).</summary>
    public double FootRadius { get; init; } = 0.06;

    /// <summary>Sliding friction of torso, thigh and leg.</summary>
    public double Friction { get; init; } = 0.9;

    /// <summary>Sliding friction of the foot.</summary>
    public double FootFriction { get; init; } = 2.0;

    /// <summary>Damping of the three leg hinges.</summary>
    public double JointDamping { get; init; } = 1;

    /// <summary>Armature of the three leg hinges.</summary>
    public double JointArmature { get; init; } = 1;

    /// <summary>Thigh hinge range in degrees.</summary>
    public (double Low, double High) ThighRange { get; init; } = (-150, 0);

    /// <summary>Leg (knee) hinge range in degrees.</summary>
    public (double Low, double High) LegRange { get; init; } = (-150, 0);

    /// <summary>Foot (ankle) hinge range in degrees.</summary>
    public (double Low, double High) FootRange { get; init; } = (-45, 45);

    /// <summary>Gear of the three motors.</summary>
    public double Gear { get; init; } = 200;

    /// <summary>Control range of the three motors.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-1, 1);

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.002;

    /// <summary>The integrator.</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.RK4;

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var torsoCenter = new MjcfVec3(0, 0, (TorsoTop + Hip) / 2);
        var hip = new MjcfVec3(0, 0, Hip);
        var knee = new MjcfVec3(0, 0, Knee);
        var ankle = new MjcfVec3(0, 0, Ankle);
        var legCenter = new MjcfVec3(0, 0, (Knee + Ankle) / 2);
        var heel = new MjcfVec3(HeelX, 0, Ankle);
        var toe = new MjcfVec3(ToeX, 0, Ankle);

        var foot = new MjcfBody
        {
            Name = "foot",
            Pos = FootFrame - legCenter,
            Joints = [LegHinge("foot_joint", ankle - FootFrame, FootRange)],
            Geoms =
            [
                new MjcfGeom
                {
                    Name = "foot_geom",
                    Type = MjcfGeomType.Capsule,
                    Pos = new MjcfVec3((HeelX + ToeX) / 2, 0, Ankle) - FootFrame,
                    Quat = MjcfQuat.FromZTo(heel - toe),
                    Size = [FootRadius, (ToeX - HeelX) / 2],
                    Friction = [FootFriction],
                },
            ],
        };
        var leg = new MjcfBody
        {
            Name = "leg",
            Pos = legCenter - hip,
            Joints = [LegHinge("leg_joint", knee - legCenter, LegRange)],
            Geoms = [Capsule("leg_geom", knee, ankle, legCenter, LegRadius)],
            Bodies = [foot],
        };
        var thigh = new MjcfBody
        {
            Name = "thigh",
            Pos = hip - torsoCenter,
            Joints = [LegHinge("thigh_joint", hip - hip, ThighRange)],
            Geoms = [Capsule("thigh_geom", hip, knee, hip, ThighRadius)],
            Bodies = [leg],
        };
        var torso = new MjcfBody
        {
            Name = "torso",
            Pos = torsoCenter,
            Joints =
            [
                RootJoint("rootx", MjJointType.Slide, new MjcfVec3(1, 0, 0), origin - torsoCenter, null),
                RootJoint("rootz", MjJointType.Slide, new MjcfVec3(0, 0, 1), origin - torsoCenter, torsoCenter.Z),
                RootJoint("rooty", MjJointType.Hinge, new MjcfVec3(0, 1, 0), torsoCenter - torsoCenter, null),
            ],
            Geoms = [Capsule("torso_geom", new MjcfVec3(0, 0, TorsoTop), hip, torsoCenter, TorsoRadius)],
            Bodies = [thigh],
        };

        return new MjcfModel
        {
            Name = "hopper",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Degree, InertiaFromGeom = true },
            Option = new MjcfOption { Timestep = Timestep, Integrator = Integrator },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Armature = JointArmature, Damping = JointDamping, Limited = true },
                Geom = new MjcfGeom { ConAffinity = 1, Condim = 1, ConType = 1, Margin = 0.001, SolImp = [0.8, 0.8, 0.01], SolRef = [0.02, 1] },
                Motor = new MjcfMotor { CtrlLimited = true, CtrlRange = (-0.4, 0.4) },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = origin, Size = [20, 20, 0.125], ConAffinity = 1, Condim = 3 }],
                Bodies = [torso],
            },
            Motors = [Motor("thigh", "thigh_joint"), Motor("leg", "leg_joint"), Motor("foot", "foot_joint")],
        };
    }

    private static MjcfJoint RootJoint(string name, MjJointType type, MjcfVec3 axis, MjcfVec3 pos, double? reference)
        => new() { Name = name, Type = type, Axis = axis, Pos = pos, Limited = false, Armature = 0, Damping = 0, Stiffness = 0, Ref = reference };

    private static MjcfJoint LegHinge(string name, MjcfVec3 pos, (double Low, double High) range)
        => new() { Name = name, Type = MjJointType.Hinge, Axis = new MjcfVec3(0, -1, 0), Pos = pos, Range = range };

    /// <summary>A vertical capsule between two global points, placed relative to the body frame at <paramref name="frame"/>.</summary>
    private MjcfGeom Capsule(string name, MjcfVec3 top, MjcfVec3 bottom, MjcfVec3 frame, double radius)
        => new()
        {
            Name = name,
            Type = MjcfGeomType.Capsule,
            Pos = new MjcfVec3(0, 0, (top.Z + bottom.Z) / 2) - frame,
            Size = [radius, (top.Z - bottom.Z) / 2],
            Friction = [Friction],
        };

    private MjcfMotor Motor(string name, string joint)
        => new() { Name = name, Joint = joint, CtrlLimited = true, CtrlRange = CtrlRange, Gear = Gear };
}
