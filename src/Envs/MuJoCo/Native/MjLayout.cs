namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// The parts of the mjModel, mjOption and mjData structs of libmujoco 2.2.2 that the binding reads, as byte offsets.
/// Measured with offsetof against /usr/include/mujoco (mjVERSION_HEADER 222, x86-64, gcc 12): sizeof(mjModel) =
/// 3280, sizeof(mjData) = 41176, sizeof(mjOption) = 240, sizeof(mjVFS) = 2024008. The layout changes between
/// MuJoCo releases, which is why <see cref="MuJoCoLibrary"/> loads only the 2.2.2 file and
/// <see cref="MjLayoutCheck"/> verifies these numbers on a probe model before any use.
/// </summary>
internal static class MjLayout
{
    /// <summary>Alignment of every array inside mjModel.buffer and mjData.buffer (engine_io.c allocates in 64-byte steps; measured).</summary>
    public const int BufferAlignment = 64;

    // ---- mjModel sizes (int)
    public const int ModelNq = 0;
    public const int ModelNv = 4;
    public const int ModelNu = 8;
    public const int ModelNa = 12;
    public const int ModelNBody = 16;
    public const int ModelNJnt = 20;
    public const int ModelNGeom = 24;
    public const int ModelNSite = 28;
    public const int ModelNTendon = 116;
    public const int ModelNBuffer = 228;

    /// <summary>offsetof(mjModel, opt): the embedded mjOption.</summary>
    public const int ModelOption = 232;

    /// <summary>offsetof(mjModel, buffer): the block all model arrays live in.</summary>
    public const int ModelBuffer = 1088;

    // ---- mjOption members (offsets inside mjOption)
    public const int OptionTimestep = 0;
    public const int OptionGravity = 48;
    public const int OptionIntegrator = 200;
    public const int OptionCone = 208;
    public const int OptionSolver = 216;
    public const int OptionIterations = 220;

    // ---- mjData scalars
    /// <summary>offsetof(mjData, nstack): the stack's length in mjtNums (allocated apart from the buffer).</summary>
    public const int DataNStack = 0;

    public const int DataNBuffer = 4;

    /// <summary>sizeof(mjData) (measured, see the class summary).</summary>
    public const int DataSize = 41176;

    /// <summary>offsetof(mjData, warning): mjWarningStat[8], each {int lastinfo; int number;}.</summary>
    public const int DataWarning = 24;

    /// <summary>sizeof(mjWarningStat).</summary>
    public const int WarningStatSize = 8;

    public const int DataNContacts = 40332;
    public const int DataTime = 40336;

    /// <summary>offsetof(mjData, buffer): the block all data arrays live in.</summary>
    public const int DataBuffer = 40360;

    // ---- mjModel arrays. Pointer members are consecutive in the struct, so the next member sits 8 bytes later.
    public static readonly MjArrayField Qpos0 = new("qpos0", 1096, MjCount.Nq, 1, 8);
    public static readonly MjArrayField BodyParentId = new("body_parentid", 1112, MjCount.NBody, 1, 4);
    public static readonly MjArrayField BodyMass = new("body_mass", 1240, MjCount.NBody, 1, 8);
    public static readonly MjArrayField JointType = new("jnt_type", 1280, MjCount.NJnt, 1, 4);
    public static readonly MjArrayField JointQposAddress = new("jnt_qposadr", 1288, MjCount.NJnt, 1, 4);
    public static readonly MjArrayField JointDofAddress = new("jnt_dofadr", 1296, MjCount.NJnt, 1, 4);
    public static readonly MjArrayField JointBodyId = new("jnt_bodyid", 1304, MjCount.NJnt, 1, 4);
    public static readonly MjArrayField JointLimited = new("jnt_limited", 1320, MjCount.NJnt, 1, 1);
    public static readonly MjArrayField JointStiffness = new("jnt_stiffness", 1360, MjCount.NJnt, 1, 8);
    public static readonly MjArrayField JointRange = new("jnt_range", 1368, MjCount.NJnt, 2, 8);
    public static readonly MjArrayField DofArmature = new("dof_armature", 1456, MjCount.Nv, 1, 8);
    public static readonly MjArrayField DofDamping = new("dof_damping", 1464, MjCount.Nv, 1, 8);
    public static readonly MjArrayField GeomBodyId = new("geom_bodyid", 1520, MjCount.NGeom, 1, 4);
    public static readonly MjArrayField GeomFriction = new("geom_friction", 1624, MjCount.NGeom, 3, 8);
    public static readonly MjArrayField ActuatorTransmissionType = new("actuator_trntype", 2696, MjCount.Nu, 1, 4);
    public static readonly MjArrayField ActuatorTransmissionId = new("actuator_trnid", 2728, MjCount.Nu, 2, 4);
    public static readonly MjArrayField ActuatorCtrlLimited = new("actuator_ctrllimited", 2744, MjCount.Nu, 1, 1);
    public static readonly MjArrayField ActuatorCtrlRange = new("actuator_ctrlrange", 2792, MjCount.Nu, 2, 8);
    public static readonly MjArrayField ActuatorGear = new("actuator_gear", 2816, MjCount.Nu, 6, 8);

    // ---- mjData arrays (consecutive pointer members as well; cfrc_ext is the last array of the buffer).
    public static readonly MjArrayField Qpos = new("qpos", 40376, MjCount.Nq, 1, 8);
    public static readonly MjArrayField Qvel = new("qvel", 40384, MjCount.Nv, 1, 8);
    public static readonly MjArrayField Act = new("act", 40392, MjCount.Na, 1, 8);
    public static readonly MjArrayField Ctrl = new("ctrl", 40408, MjCount.Nu, 1, 8);
    public static readonly MjArrayField Qacc = new("qacc", 40448, MjCount.Nv, 1, 8);
    public static readonly MjArrayField Xpos = new("xpos", 40480, MjCount.NBody, 3, 8);
    public static readonly MjArrayField Xquat = new("xquat", 40488, MjCount.NBody, 4, 8);
    public static readonly MjArrayField Xipos = new("xipos", 40504, MjCount.NBody, 3, 8);
    public static readonly MjArrayField SiteXpos = new("site_xpos", 40552, MjCount.NSite, 3, 8);
    public static readonly MjArrayField SubtreeCom = new("subtree_com", 40600, MjCount.NBody, 3, 8);
    public static readonly MjArrayField Cinert = new("cinert", 40616, MjCount.NBody, 10, 8);
    public static readonly MjArrayField Cvel = new("cvel", 40960, MjCount.NBody, 6, 8);
    public static readonly MjArrayField QfrcActuator = new("qfrc_actuator", 41088, MjCount.Nv, 1, 8);
    public static readonly MjArrayField QfrcConstraint = new("qfrc_constraint", 41136, MjCount.Nv, 1, 8);
    public static readonly MjArrayField Cacc = new("cacc", 41152, MjCount.NBody, 6, 8);
    public static readonly MjArrayField CfrcInt = new("cfrc_int", 41160, MjCount.NBody, 6, 8);
    public static readonly MjArrayField CfrcExt = new("cfrc_ext", 41168, MjCount.NBody, 6, 8);

    /// <summary>Every model array the binding reads.</summary>
    public static readonly MjArrayField[] ModelArrays =
    [
        Qpos0, BodyParentId, BodyMass, JointType, JointQposAddress, JointDofAddress, JointBodyId, JointLimited, JointStiffness,
        JointRange, DofArmature, DofDamping, GeomBodyId, GeomFriction, ActuatorTransmissionType, ActuatorTransmissionId,
        ActuatorCtrlLimited, ActuatorCtrlRange, ActuatorGear,
    ];

    /// <summary>Every data array the binding reads or writes.</summary>
    public static readonly MjArrayField[] DataArrays =
    [
        Qpos, Qvel, Act, Ctrl, Qacc, Xpos, Xquat, Xipos, SiteXpos, SubtreeCom, Cinert, Cvel, QfrcActuator, QfrcConstraint, Cacc, CfrcInt, CfrcExt,
    ];

    /// <summary>Rounds a byte count up to <see cref="BufferAlignment"/>, as MuJoCo's allocator does.</summary>
    public static long Aligned(long bytes) => (bytes + BufferAlignment - 1) / BufferAlignment * BufferAlignment;
}
