using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 walker (assets/walker2d.xml at commit 3f0476a8, the local-coordinate
/// rewrite of OpenAI Gym's global-coordinate file) and the MJCF built from them: a torso on two identical
/// thigh-leg-foot chains, the left foot with friction 1.9 and every other geom 0.9. The asymmetry is v4's own
/// (walker2d_v5.xml gives both feet 1.9) and is kept. As in <see cref="HopperModel"/>, the geometry is given as the
/// original file's global points and each offset is derived by the same subtractions the rewrite made, so the
/// compiled model equals Gymnasium's number for number. Vary a constant with <c>with</c>, e.g.
/// <c>Walker2dModel.Default with { LeftFootFriction = 0.9 }</c> (symmetric feet).
/// Thread-safety: immutable.
/// </summary>
public sealed record Walker2dModel
{
    /// <summary>Gymnasium's walker.</summary>
    public static Walker2dModel Default { get; } = new();

    /// <summary>Height of the torso's top end (m).</summary>
    public double TorsoTop { get; init; } = 1.45;

    /// <summary>Height of the hips: the torso's bottom and the thighs' tops (m).</summary>
    public double Hip { get; init; } = 1.05;

    /// <summary>Height of the knees: the thighs' bottoms and the legs' tops (m).</summary>
    public double Knee { get; init; } = 0.6;

    /// <summary>Height of the ankles: the legs' bottoms and the feet's axes (m).</summary>
    public double Ankle { get; init; } = 0.1;

    /// <summary>x of each foot capsule's heel end (m).</summary>
    public double HeelX { get; init; }

    /// <summary>x of each foot capsule's toe end (m).</summary>
    public double ToeX { get; init; } = 0.2;

    /// <summary>The foot bodies' frame origin in the original global file, (0.2, 0, 0) (only where MuJoCo puts the frame; the physics does not depend on it).</summary>
    public MjcfVec3 FootFrame { get; init; } = new(0.2, 0, 0);

    /// <summary>The torso capsule's radius (m).</summary>
    public double TorsoRadius { get; init; } = 0.05;

    /// <summary>The thigh capsules' radius (m).</summary>
    public double ThighRadius { get; init; } = 0.05;

    /// <summary>The leg capsules' radius (m).</summary>
    public double LegRadius { get; init; } = 0.04;

    /// <summary>The foot capsules' radius (m).</summary>
    public double FootRadius { get; init; } = 0.06;

    /// <summary>Density of every geom (kg/m³; the asset's default class).</summary>
    public double Density { get; init; } = 1000;

    /// <summary>The default geom friction (sliding, torsional, rolling); only the floor keeps it.</summary>
    public IReadOnlyList<double> DefaultFriction { get; init; } = [0.7, 0.1, 0.1];

    /// <summary>Sliding friction of torso, thighs, legs and the right foot.</summary>
    public double Friction { get; init; } = 0.9;

    /// <summary>Sliding friction of the left foot (v4: 1.9, unlike every other geom).</summary>
    public double LeftFootFriction { get; init; } = 1.9;

    /// <summary>Damping of the six leg hinges.</summary>
    public double JointDamping { get; init; } = 0.1;

    /// <summary>Armature of the six leg hinges.</summary>
    public double JointArmature { get; init; } = 0.01;

    /// <summary>Thigh hinge range in degrees.</summary>
    public (double Low, double High) ThighRange { get; init; } = (-150, 0);

    /// <summary>Leg (knee) hinge range in degrees.</summary>
    public (double Low, double High) LegRange { get; init; } = (-150, 0);

    /// <summary>Foot (ankle) hinge range in degrees.</summary>
    public (double Low, double High) FootRange { get; init; } = (-45, 45);

    /// <summary>Gear of the six motors.</summary>
    public double Gear { get; init; } = 100;

    /// <summary>Control range of the six motors.</summary>
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
            Geoms = [Capsule("torso_geom", TorsoTop, Hip, torsoCenter, TorsoRadius)],
            Bodies = [LegChain(string.Empty, torsoCenter, Friction), LegChain("_left", torsoCenter, LeftFootFriction)],
        };

        return new MjcfModel
        {
            Name = "walker2d",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Degree, InertiaFromGeom = true },
            Option = new MjcfOption { Timestep = Timestep, Integrator = Integrator },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Armature = JointArmature, Damping = JointDamping, Limited = true },
                Geom = new MjcfGeom { ConAffinity = 0, Condim = 3, ConType = 1, Density = Density, Friction = DefaultFriction },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = origin, Size = [40, 40, 40], ConAffinity = 1, Condim = 3 }],
                Bodies = [torso],
            },
            Motors =
            [
                Motor("thigh_joint"), Motor("leg_joint"), Motor("foot_joint"),
                Motor("thigh_left_joint"), Motor("leg_left_joint"), Motor("foot_left_joint"),
            ],
        };
    }

    /// <summary>One thigh-leg-foot chain; <paramref name="suffix"/> is "" (right) or "_left", as the asset names them.</summary>
    private MjcfBody LegChain(string suffix, MjcfVec3 torsoCenter, double footFriction)
    {
        var hip = new MjcfVec3(0, 0, Hip);
        var knee = new MjcfVec3(0, 0, Knee);
        var ankle = new MjcfVec3(0, 0, Ankle);
        var legCenter = new MjcfVec3(0, 0, (Knee + Ankle) / 2);
        var heel = new MjcfVec3(HeelX, 0, Ankle);
        var toe = new MjcfVec3(ToeX, 0, Ankle);

        var foot = new MjcfBody
        {
            Name = "foot" + suffix,
            Pos = FootFrame - legCenter,
            Joints = [LegHinge($"foot{suffix}_joint", ankle - FootFrame, FootRange)],
            Geoms =
            [
                new MjcfGeom
                {
                    Name = $"foot{suffix}_geom",
                    Type = MjcfGeomType.Capsule,
                    Pos = new MjcfVec3((HeelX + ToeX) / 2, 0, Ankle) - FootFrame,
                    Quat = MjcfQuat.FromZTo(heel - toe),
                    Size = [FootRadius, (ToeX - HeelX) / 2],
                    Friction = [footFriction],
                },
            ],
        };
        var leg = new MjcfBody
        {
            Name = "leg" + suffix,
            Pos = legCenter - hip,
            Joints = [LegHinge($"leg{suffix}_joint", knee - legCenter, LegRange)],
            Geoms = [Capsule($"leg{suffix}_geom", Knee, Ankle, legCenter, LegRadius)],
            Bodies = [foot],
        };
        return new MjcfBody
        {
            Name = "thigh" + suffix,
            Pos = hip - torsoCenter,
            Joints = [LegHinge($"thigh{suffix}_joint", hip - hip, ThighRange)],
            Geoms = [Capsule($"thigh{suffix}_geom", Hip, Knee, hip, ThighRadius)],
            Bodies = [leg],
        };
    }

    private static MjcfJoint RootJoint(string name, MjJointType type, MjcfVec3 axis, MjcfVec3 pos, double? reference)
        => new() { Name = name, Type = type, Axis = axis, Pos = pos, Limited = false, Armature = 0, Damping = 0, Stiffness = 0, Ref = reference };

    private static MjcfJoint LegHinge(string name, MjcfVec3 pos, (double Low, double High) range)
        => new() { Name = name, Type = MjJointType.Hinge, Axis = new MjcfVec3(0, -1, 0), Pos = pos, Range = range };

    /// <summary>A vertical capsule between the heights <paramref name="top"/> and <paramref name="bottom"/>, placed relative to the body frame at <paramref name="frame"/>.</summary>
    private MjcfGeom Capsule(string name, double top, double bottom, MjcfVec3 frame, double radius)
        => new()
        {
            Name = name,
            Type = MjcfGeomType.Capsule,
            Pos = new MjcfVec3(0, 0, (top + bottom) / 2) - frame,
            Size = [radius, (top - bottom) / 2],
            Friction = [Friction],
        };

    private MjcfMotor Motor(string joint)
        => new() { Joint = joint, CtrlLimited = true, CtrlRange = CtrlRange, Gear = Gear };
}
