using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The physical constants of Gymnasium's v4 humanoid (assets/humanoid.xml at commit 3f0476a8, OpenAI Gym's
/// 17-actuator humanoid, not the DeepMind Control Suite humanoid Debian ships) and the MJCF built from them:
/// torso on a free joint 1.4 m up, lower waist and pelvis (abdomen z, y, x), two legs (hip x, z, y and knee; the
/// feet are spheres without joints), two arms (two shoulder hinges and an elbow); the hands and the head are geoms.
/// Every geom has density 1000 (total 42.12 kg). Two fixed tendons couple hip_y and knee on each side (v4 ignores
/// them). RK4 at 0.003 s with the PGS solver (50 iterations). The asset's small left/right asymmetries are kept
/// in the hinge constants (right knee stiffness 0 vs left 1, right hip_y armature 0.008 vs left 0.01). The left
/// side's geometry is the right side's mirrored in y. Vary a constant with <c>with</c>, e.g.
/// <c>HumanoidModel.Default with { RightKnee = HumanoidModel.Default.RightKnee with { Stiffness = 1 } }</c>.
/// Thread-safety: immutable.
/// </summary>
public sealed record HumanoidModel
{
    /// <summary>Gymnasium's humanoid.</summary>
    public static HumanoidModel Default { get; } = new();

    /// <summary>The torso's initial height (m).</summary>
    public double TorsoHeight { get; init; } = 1.4;

    /// <summary>The chest capsule (torso1) runs along y over ±this (m).</summary>
    public double ChestHalfWidth { get; init; } = 0.07;

    /// <summary>The chest capsule's radius (m).</summary>
    public double ChestRadius { get; init; } = 0.07;

    /// <summary>The head sphere's height above the torso origin (m).</summary>
    public double HeadHeight { get; init; } = 0.19;

    /// <summary>The head sphere's radius (m).</summary>
    public double HeadRadius { get; init; } = 0.09;

    /// <summary>The upper-waist capsule's centre in the torso frame; it runs along y (m).</summary>
    public MjcfVec3 UpperWaistCenter { get; init; } = new(-0.01, 0, -0.12);

    /// <summary>Both waist capsules run along y over ±this (m).</summary>
    public double WaistHalfWidth { get; init; } = 0.06;

    /// <summary>Radius of both waist capsules (m).</summary>
    public double WaistRadius { get; init; } = 0.06;

    /// <summary>The lower waist's origin in the torso frame (m).</summary>
    public MjcfVec3 LowerWaistPos { get; init; } = new(-0.01, 0, -0.26);

    /// <summary>The slight forward tilt of the lower waist and of the pelvis, each relative to its parent (unnormalised; MuJoCo normalises).</summary>
    public MjcfQuat WaistTilt { get; init; } = new(1, 0, -0.002, 0);

    /// <summary>The abdomen_z and abdomen_y anchor in the lower waist's frame (m).</summary>
    public MjcfVec3 AbdomenAnchor { get; init; } = new(0, 0, 0.065);

    /// <summary>The pelvis origin in the lower waist's frame (m).</summary>
    public MjcfVec3 PelvisPos { get; init; } = new(0, 0, -0.165);

    /// <summary>The abdomen_x anchor in the pelvis frame (m).</summary>
    public MjcfVec3 PelvisAnchor { get; init; } = new(0, 0, 0.1);

    /// <summary>x of the butt capsule, which runs along y (m).</summary>
    public double ButtX { get; init; } = -0.02;

    /// <summary>The butt capsule runs along y over ±this (m).</summary>
    public double ButtHalfWidth { get; init; } = 0.07;

    /// <summary>The butt capsule's radius (m).</summary>
    public double ButtRadius { get; init; } = 0.09;

    /// <summary>The right thigh's origin (the hip joints' anchor) in the pelvis frame (m).</summary>
    public MjcfVec3 RightHipPos { get; init; } = new(0, -0.1, -0.04);

    /// <summary>The right thigh capsule runs from the hip to this point (m).</summary>
    public MjcfVec3 RightThighEnd { get; init; } = new(0, 0.01, -0.34);

    /// <summary>The thigh capsules' radius (m).</summary>
    public double ThighRadius { get; init; } = 0.06;

    /// <summary>The right shin's origin in the thigh frame (m).</summary>
    public MjcfVec3 RightShinPos { get; init; } = new(0, 0.01, -0.403);

    /// <summary>The knee hinge's anchor in the shin frame (m).</summary>
    public MjcfVec3 KneeAnchor { get; init; } = new(0, 0, 0.02);

    /// <summary>The shin capsule runs from the shin origin to this point (m).</summary>
    public MjcfVec3 ShinEnd { get; init; } = new(0, 0, -0.3);

    /// <summary>The shin capsules' radius (m).</summary>
    public double ShinRadius { get; init; } = 0.049;

    /// <summary>The foot body's origin in the shin frame (m).</summary>
    public MjcfVec3 FootPos { get; init; } = new(0, 0, -0.45);

    /// <summary>The foot sphere's centre in the foot frame (m).</summary>
    public MjcfVec3 FootCenter { get; init; } = new(0, 0, 0.1);

    /// <summary>The foot spheres' radius (m).</summary>
    public double FootRadius { get; init; } = 0.075;

    /// <summary>The right upper arm's origin (the shoulder anchor) in the torso frame (m).</summary>
    public MjcfVec3 RightShoulderPos { get; init; } = new(0, -0.17, 0.06);

    /// <summary>The right upper-arm capsule runs from the shoulder to this point (m).</summary>
    public MjcfVec3 RightUpperArmEnd { get; init; } = new(0.16, -0.16, -0.16);

    /// <summary>The upper-arm capsules' radius (m).</summary>
    public double UpperArmRadius { get; init; } = 0.04;

    /// <summary>The right lower arm's origin (the elbow anchor) in the upper arm's frame (m).</summary>
    public MjcfVec3 RightElbowPos { get; init; } = new(0.18, -0.18, -0.18);

    /// <summary>The right forearm capsule's start in the lower arm's frame (m).</summary>
    public MjcfVec3 RightForearmStart { get; init; } = new(0.01, 0.01, 0.01);

    /// <summary>The right forearm capsule's end in the lower arm's frame (m).</summary>
    public MjcfVec3 RightForearmEnd { get; init; } = new(0.17, 0.17, 0.17);

    /// <summary>The forearm capsules' radius (m).</summary>
    public double ForearmRadius { get; init; } = 0.031;

    /// <summary>The right hand sphere's centre in the lower arm's frame (m).</summary>
    public MjcfVec3 RightHandCenter { get; init; } = new(0.18, 0.18, 0.18);

    /// <summary>The hand spheres' radius (m).</summary>
    public double HandRadius { get; init; } = 0.04;

    /// <summary>Abdomen rotation about z (lower waist).</summary>
    public HumanoidHinge AbdomenZ { get; init; } = new(new(0, 0, 1), (-45, 45), 20, 5, 0.02, 100);

    /// <summary>Abdomen rotation about y (lower waist).</summary>
    public HumanoidHinge AbdomenY { get; init; } = new(new(0, 1, 0), (-75, 30), 10, 5, 0.02, 100);

    /// <summary>Abdomen rotation about x (pelvis).</summary>
    public HumanoidHinge AbdomenX { get; init; } = new(new(1, 0, 0), (-35, 35), 10, 5, 0.02, 100);

    /// <summary>Right hip about x.</summary>
    public HumanoidHinge RightHipX { get; init; } = new(new(1, 0, 0), (-25, 5), 10, 5, 0.01, 100);

    /// <summary>Right hip about z.</summary>
    public HumanoidHinge RightHipZ { get; init; } = new(new(0, 0, 1), (-60, 35), 10, 5, 0.01, 100);

    /// <summary>Right hip about y (armature 0.008, the left one has 0.01).</summary>
    public HumanoidHinge RightHipY { get; init; } = new(new(0, 1, 0), (-110, 20), 20, 5, 0.008, 300);

    /// <summary>Right knee (stiffness 0, the left one has 1).</summary>
    public HumanoidHinge RightKnee { get; init; } = new(new(0, -1, 0), (-160, -2), 0, 1, 0.006, 200);

    /// <summary>Left hip about -x.</summary>
    public HumanoidHinge LeftHipX { get; init; } = new(new(-1, 0, 0), (-25, 5), 10, 5, 0.01, 100);

    /// <summary>Left hip about -z.</summary>
    public HumanoidHinge LeftHipZ { get; init; } = new(new(0, 0, -1), (-60, 35), 10, 5, 0.01, 100);

    /// <summary>Left hip about y.</summary>
    public HumanoidHinge LeftHipY { get; init; } = new(new(0, 1, 0), (-110, 20), 20, 5, 0.01, 300);

    /// <summary>Left knee.</summary>
    public HumanoidHinge LeftKnee { get; init; } = new(new(0, -1, 0), (-160, -2), 1, 1, 0.006, 200);

    /// <summary>Right shoulder, first axis.</summary>
    public HumanoidHinge RightShoulder1 { get; init; } = new(new(2, 1, 1), (-85, 60), 1, 1, 0.0068, 25);

    /// <summary>Right shoulder, second axis.</summary>
    public HumanoidHinge RightShoulder2 { get; init; } = new(new(0, -1, 1), (-85, 60), 1, 1, 0.0051, 25);

    /// <summary>Right elbow.</summary>
    public HumanoidHinge RightElbow { get; init; } = new(new(0, -1, 1), (-90, 50), 0, 1, 0.0028, 25);

    /// <summary>Left shoulder, first axis.</summary>
    public HumanoidHinge LeftShoulder1 { get; init; } = new(new(2, -1, 1), (-60, 85), 1, 1, 0.0068, 25);

    /// <summary>Left shoulder, second axis.</summary>
    public HumanoidHinge LeftShoulder2 { get; init; } = new(new(0, 1, 1), (-60, 85), 1, 1, 0.0051, 25);

    /// <summary>Left elbow.</summary>
    public HumanoidHinge LeftElbow { get; init; } = new(new(0, -1, -1), (-90, 50), 0, 1, 0.0028, 25);

    /// <summary>Coefficients of (hip_y, knee) in each side's fixed tendon.</summary>
    public (double HipY, double Knee) HipKneeTendon { get; init; } = (-1, 1);

    /// <summary>Contact margin of the body geoms (m).</summary>
    public double Margin { get; init; } = 0.001;

    /// <summary>Contact dimensionality of the body geoms (1: frictionless; the floor's 3 decides contacts with it).</summary>
    public int Condim { get; init; } = 1;

    /// <summary>The floor's friction (sliding, torsional, rolling).</summary>
    public IReadOnlyList<double> FloorFriction { get; init; } = [1, 0.1, 0.1];

    /// <summary>Control range of the 17 motors.</summary>
    public (double Low, double High) CtrlRange { get; init; } = (-0.4, 0.4);

    /// <summary>Seconds per mj_step.</summary>
    public double Timestep { get; init; } = 0.003;

    /// <summary>The integrator.</summary>
    public MjIntegrator Integrator { get; init; } = MjIntegrator.RK4;

    /// <summary>The constraint solver.</summary>
    public MjSolver Solver { get; init; } = MjSolver.PGS;

    /// <summary>The solver's iteration limit.</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>Keyframe slots the asset reserves (size nkey; it defines none).</summary>
    public int KeyframeSlots { get; init; } = 5;

    /// <summary>The MJCF document.</summary>
    public MjcfModel ToMjcf()
    {
        var origin = MjcfVec3.Zero;
        var pelvis = new MjcfBody
        {
            Name = "pelvis",
            Pos = PelvisPos,
            Quat = WaistTilt,
            Joints = [Hinge("abdomen_x", AbdomenX, PelvisAnchor)],
            Geoms = [AlongY("butt", ButtX, 0, ButtHalfWidth, ButtRadius)],
            Bodies = [LegChain("right", Right, RightHipX, RightHipZ, RightHipY, RightKnee), LegChain("left", Left, LeftHipX, LeftHipZ, LeftHipY, LeftKnee)],
        };
        var lowerWaist = new MjcfBody
        {
            Name = "lwaist",
            Pos = LowerWaistPos,
            Quat = WaistTilt,
            Geoms = [AlongY("lwaist", 0, 0, WaistHalfWidth, WaistRadius)],
            Joints = [Hinge("abdomen_z", AbdomenZ, AbdomenAnchor), Hinge("abdomen_y", AbdomenY, AbdomenAnchor)],
            Bodies = [pelvis],
        };
        var torso = new MjcfBody
        {
            Name = "torso",
            Pos = new MjcfVec3(0, 0, TorsoHeight),
            Joints = [new MjcfJoint { Name = "root", Type = MjJointType.Free, Pos = origin, Limited = false, Armature = 0, Damping = 0, Stiffness = 0 }],
            Geoms =
            [
                AlongY("torso1", 0, 0, ChestHalfWidth, ChestRadius),
                new MjcfGeom { Name = "head", Type = MjcfGeomType.Sphere, Pos = new MjcfVec3(0, 0, HeadHeight), Size = [HeadRadius] },
                AlongY("uwaist", UpperWaistCenter.X, UpperWaistCenter.Z, WaistHalfWidth, WaistRadius),
            ],
            Bodies =
            [
                lowerWaist,
                ArmChain("right", Right, RightShoulder1, RightShoulder2, RightElbow),
                ArmChain("left", Left, LeftShoulder1, LeftShoulder2, LeftElbow),
            ],
        };

        return new MjcfModel
        {
            Name = "humanoid",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Degree, InertiaFromGeom = true },
            Option = new MjcfOption { Timestep = Timestep, Integrator = Integrator, Solver = Solver, Iterations = Iterations },
            Size = new MjcfSize { NKey = KeyframeSlots },
            Defaults = new MjcfDefaults
            {
                Joint = new MjcfJoint { Armature = 1, Damping = 1, Limited = true },
                Geom = new MjcfGeom { ConAffinity = 1, Condim = Condim, ConType = 1, Margin = Margin },
                Motor = new MjcfMotor { CtrlLimited = true, CtrlRange = CtrlRange },
            },
            WorldBody = new MjcfBody
            {
                Geoms = [new MjcfGeom { Name = "floor", Type = MjcfGeomType.Plane, Pos = origin, Size = [20, 20, 0.125], Condim = 3, Friction = FloorFriction }],
                Bodies = [torso],
            },
            Tendons = [HipKnee("left"), HipKnee("right")],
            Motors =
            [
                Motor("abdomen_y", AbdomenY), Motor("abdomen_z", AbdomenZ), Motor("abdomen_x", AbdomenX),
                Motor("right_hip_x", RightHipX), Motor("right_hip_z", RightHipZ), Motor("right_hip_y", RightHipY), Motor("right_knee", RightKnee),
                Motor("left_hip_x", LeftHipX), Motor("left_hip_z", LeftHipZ), Motor("left_hip_y", LeftHipY), Motor("left_knee", LeftKnee),
                Motor("right_shoulder1", RightShoulder1), Motor("right_shoulder2", RightShoulder2), Motor("right_elbow", RightElbow),
                Motor("left_shoulder1", LeftShoulder1), Motor("left_shoulder2", LeftShoulder2), Motor("left_elbow", LeftElbow),
            ],
        };
    }

    private static MjcfVec3 Right(MjcfVec3 v) => v;

    /// <summary>The mirror image in the xz plane; 0 - y keeps a zero y at +0 (a -0 could change the sign of a zero downstream).</summary>
    private static MjcfVec3 Left(MjcfVec3 v) => new(v.X, 0 - v.Y, v.Z);

    /// <summary>thigh (hip x, z, y) -> shin (knee) -> foot (a sphere, no joint); <paramref name="side"/> maps the right side's geometry.</summary>
    private MjcfBody LegChain(string side, Func<MjcfVec3, MjcfVec3> mirror, HumanoidHinge hipX, HumanoidHinge hipZ, HumanoidHinge hipY, HumanoidHinge knee)
    {
        var origin = MjcfVec3.Zero;
        var foot = new MjcfBody
        {
            Name = $"{side}_foot",
            Pos = mirror(FootPos),
            Geoms = [new MjcfGeom { Name = $"{side}_foot", Type = MjcfGeomType.Sphere, Pos = mirror(FootCenter), Size = [FootRadius] }],
        };
        var shin = new MjcfBody
        {
            Name = $"{side}_shin",
            Pos = mirror(RightShinPos),
            Joints = [Hinge($"{side}_knee", knee, mirror(KneeAnchor))],
            Geoms = [Capsule($"{side}_shin1", origin, mirror(ShinEnd), ShinRadius)],
            Bodies = [foot],
        };
        return new MjcfBody
        {
            Name = $"{side}_thigh",
            Pos = mirror(RightHipPos),
            Joints = [Hinge($"{side}_hip_x", hipX, origin), Hinge($"{side}_hip_z", hipZ, origin), Hinge($"{side}_hip_y", hipY, origin)],
            Geoms = [Capsule($"{side}_thigh1", origin, mirror(RightThighEnd), ThighRadius)],
            Bodies = [shin],
        };
    }

    /// <summary>upper arm (shoulder1, shoulder2) -> lower arm (elbow) with the forearm capsule and the hand sphere.</summary>
    private MjcfBody ArmChain(string side, Func<MjcfVec3, MjcfVec3> mirror, HumanoidHinge shoulder1, HumanoidHinge shoulder2, HumanoidHinge elbow)
    {
        var origin = MjcfVec3.Zero;
        var lowerArm = new MjcfBody
        {
            Name = $"{side}_lower_arm",
            Pos = mirror(RightElbowPos),
            Joints = [Hinge($"{side}_elbow", elbow, origin)],
            Geoms =
            [
                Capsule($"{side}_larm", mirror(RightForearmStart), mirror(RightForearmEnd), ForearmRadius),
                new MjcfGeom { Name = $"{side}_hand", Type = MjcfGeomType.Sphere, Pos = mirror(RightHandCenter), Size = [HandRadius] },
            ],
        };
        return new MjcfBody
        {
            Name = $"{side}_upper_arm",
            Pos = mirror(RightShoulderPos),
            Joints = [Hinge($"{side}_shoulder1", shoulder1, origin), Hinge($"{side}_shoulder2", shoulder2, origin)],
            Geoms = [Capsule($"{side}_uarm1", origin, mirror(RightUpperArmEnd), UpperArmRadius)],
            Bodies = [lowerArm],
        };
    }

    private static MjcfJoint Hinge(string name, HumanoidHinge hinge, MjcfVec3 anchor)
        => new()
        {
            Name = name,
            Type = MjJointType.Hinge,
            Axis = hinge.Axis,
            Pos = anchor,
            Range = hinge.Range,
            Stiffness = hinge.Stiffness,
            Damping = hinge.Damping,
            Armature = hinge.Armature,
        };

    /// <summary>A capsule along y at (x, ±halfWidth, z).</summary>
    private static MjcfGeom AlongY(string name, double x, double z, double halfWidth, double radius)
        => Capsule(name, new MjcfVec3(x, -halfWidth, z), new MjcfVec3(x, halfWidth, z), radius);

    private static MjcfGeom Capsule(string name, MjcfVec3 from, MjcfVec3 to, double radius)
        => new() { Name = name, Type = MjcfGeomType.Capsule, FromTo = (from, to), Size = [radius] };

    private MjcfFixedTendon HipKnee(string side)
        => new() { Name = $"{side}_hipknee", Joints = [($"{side}_hip_y", HipKneeTendon.HipY), ($"{side}_knee", HipKneeTendon.Knee)] };

    private static MjcfMotor Motor(string joint, HumanoidHinge hinge) => new() { Name = joint, Joint = joint, Gear = hinge.Gear };
}
