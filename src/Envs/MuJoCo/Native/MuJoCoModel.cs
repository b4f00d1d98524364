using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>): sizes, options and the model arrays the tasks read, as typed read-only
/// spans over the native memory. Made from an MJCF string (through MuJoCo's virtual file system, nothing written to
/// disk) or file; a load error carries MuJoCo's own message. The binding never writes to a model, so one model can
/// serve any number of <see cref="MuJoCoData"/> on any threads at once (<c>mj_step</c> takes the model as const).
/// <para>
/// Lifetime: the native model is freed once, when this object is disposed (or finalized) and every data made from
/// it is gone. After <see cref="Dispose"/> every member throws <see cref="ObjectDisposedException"/>; a span taken
/// earlier must not be used after disposal.
/// </para>
/// Thread-safety: every member may be called from any thread (the model is immutable once compiled).
/// </summary>
public sealed unsafe class MuJoCoModel : IDisposable
{
    private const int ErrorBufferSize = 1000;
    private const string VirtualFileName = "model.xml";

    // sizeof(mjVFS) and the offset of its filedata array in 2.2.2 (mjMAXVFS = 2000, mjMAXVFSNAME = 1000; measured).
    private const int VfsSize = 2024008;
    private const int VfsFileDataOffset = 2008008;

    // mj_loadXML keeps the last parsed XML in a process-wide slot (for mj_saveLastXML); one load at a time.
    private static readonly Lock LoadLock = new();

    private readonly MjModelHandle handle;
    private readonly byte* model;
    private volatile bool disposed;

    private MuJoCoModel(MjModelHandle handle, string? xml, string? loadWarning)
    {
        this.handle = handle;
        model = (byte*)handle.DangerousGetHandle();
        Xml = xml;
        LoadWarning = loadWarning;
        Nq = ReadInt(MjLayout.ModelNq);
        Nv = ReadInt(MjLayout.ModelNv);
        Nu = ReadInt(MjLayout.ModelNu);
        Na = ReadInt(MjLayout.ModelNa);
        BodyCount = ReadInt(MjLayout.ModelNBody);
        JointCount = ReadInt(MjLayout.ModelNJnt);
        GeomCount = ReadInt(MjLayout.ModelNGeom);
        SiteCount = ReadInt(MjLayout.ModelNSite);
        TendonCount = ReadInt(MjLayout.ModelNTendon);
    }

    /// <summary>The MJCF text the model was compiled from (null when loaded from a file).</summary>
    public string? Xml { get; }

    /// <summary>A warning MuJoCo's compiler reported while loading (null if none).</summary>
    public string? LoadWarning { get; }

    /// <summary>nq: the number of position coordinates.</summary>
    public int Nq { get; }

    /// <summary>nv: the number of degrees of freedom.</summary>
    public int Nv { get; }

    /// <summary>nu: the number of actuators.</summary>
    public int Nu { get; }

    /// <summary>na: the number of actuator activation states.</summary>
    public int Na { get; }

    /// <summary>nbody: the number of bodies, the world (id 0) included.</summary>
    public int BodyCount { get; }

    /// <summary>njnt: the number of joints.</summary>
    public int JointCount { get; }

    /// <summary>ngeom: the number of geoms.</summary>
    public int GeomCount { get; }

    /// <summary>nsite: the number of sites.</summary>
    public int SiteCount { get; }

    /// <summary>ntendon: the number of tendons.</summary>
    public int TendonCount { get; }

    /// <summary>opt.timestep: seconds per <c>mj_step</c>.</summary>
    public double Timestep => *(double*)Option(MjLayout.OptionTimestep);

    /// <summary>opt.gravity (x, y, z).</summary>
    public ReadOnlySpan<double> Gravity => new(Option(MjLayout.OptionGravity), 3);

    /// <summary>opt.integrator.</summary>
    public MjIntegrator Integrator => (MjIntegrator)(*(int*)Option(MjLayout.OptionIntegrator));

    /// <summary>opt.cone.</summary>
    public MjCone Cone => (MjCone)(*(int*)Option(MjLayout.OptionCone));

    /// <summary>opt.solver.</summary>
    public MjSolver Solver => (MjSolver)(*(int*)Option(MjLayout.OptionSolver));

    /// <summary>opt.iterations: the solver's iteration limit.</summary>
    public int Iterations => *(int*)Option(MjLayout.OptionIterations);

    /// <summary>The sum of all body masses (<c>mj_getTotalmass</c>).</summary>
    public double TotalMass
    {
        get
        {
            ThrowIfDisposed();
            return MuJoCoNative.mj_getTotalmass(handle);
        }
    }

    /// <summary>qpos0: the default pose (nq).</summary>
    public ReadOnlySpan<double> Qpos0 => Doubles(MjLayout.Qpos0);

    /// <summary>body_parentid (nbody; the world's parent is itself, 0).</summary>
    public ReadOnlySpan<int> BodyParentId => Ints(MjLayout.BodyParentId);

    /// <summary>body_mass in kg (nbody).</summary>
    public ReadOnlySpan<double> BodyMass => Doubles(MjLayout.BodyMass);

    /// <summary>jnt_type as <see cref="MjJointType"/> values (njnt).</summary>
    public ReadOnlySpan<int> JointType => Ints(MjLayout.JointType);

    /// <summary>jnt_qposadr: each joint's first index in qpos (njnt).</summary>
    public ReadOnlySpan<int> JointQposAddress => Ints(MjLayout.JointQposAddress);

    /// <summary>jnt_dofadr: each joint's first index in qvel (njnt).</summary>
    public ReadOnlySpan<int> JointDofAddress => Ints(MjLayout.JointDofAddress);

    /// <summary>jnt_bodyid (njnt).</summary>
    public ReadOnlySpan<int> JointBodyId => Ints(MjLayout.JointBodyId);

    /// <summary>jnt_limited: 1 where the joint's range is enforced (njnt).</summary>
    public ReadOnlySpan<byte> JointLimited => new(Array(MjLayout.JointLimited), MjLayout.JointLimited.Length(JointCount));

    /// <summary>jnt_stiffness (njnt).</summary>
    public ReadOnlySpan<double> JointStiffness => Doubles(MjLayout.JointStiffness);

    /// <summary>jnt_range, (low, high) per joint in radians or metres (njnt x 2).</summary>
    public ReadOnlySpan<double> JointRange => Doubles(MjLayout.JointRange);

    /// <summary>dof_armature (nv).</summary>
    public ReadOnlySpan<double> DofArmature => Doubles(MjLayout.DofArmature);

    /// <summary>dof_damping (nv).</summary>
    public ReadOnlySpan<double> DofDamping => Doubles(MjLayout.DofDamping);

    /// <summary>geom_bodyid (ngeom).</summary>
    public ReadOnlySpan<int> GeomBodyId => Ints(MjLayout.GeomBodyId);

    /// <summary>geom_friction, (slide, spin, roll) per geom (ngeom x 3).</summary>
    public ReadOnlySpan<double> GeomFriction => Doubles(MjLayout.GeomFriction);

    /// <summary>actuator_trntype (nu; 0 = joint).</summary>
    public ReadOnlySpan<int> ActuatorTransmissionType => Ints(MjLayout.ActuatorTransmissionType);

    /// <summary>actuator_trnid: the transmission target's id (a joint id for joint motors) and a second id (nu x 2).</summary>
    public ReadOnlySpan<int> ActuatorTransmissionId => Ints(MjLayout.ActuatorTransmissionId);

    /// <summary>actuator_ctrllimited: 1 where MuJoCo clamps ctrl to the ctrlrange inside the physics (nu).</summary>
    public ReadOnlySpan<byte> ActuatorCtrlLimited => new(Array(MjLayout.ActuatorCtrlLimited), MjLayout.ActuatorCtrlLimited.Length(Nu));

    /// <summary>actuator_ctrlrange, (low, high) per actuator (nu x 2).</summary>
    public ReadOnlySpan<double> ActuatorCtrlRange => Doubles(MjLayout.ActuatorCtrlRange);

    /// <summary>actuator_gear, 6 per actuator; a joint motor uses the first (nu x 6).</summary>
    public ReadOnlySpan<double> ActuatorGear => Doubles(MjLayout.ActuatorGear);

    /// <summary>Whether <see cref="Dispose"/> was called (the native model may live on until its datas are gone).</summary>
    internal bool IsDisposed => disposed;

    /// <summary>The native handle (for <see cref="MuJoCoData"/> and the P/Invoke calls).</summary>
    internal MjModelHandle Handle
    {
        get
        {
            ThrowIfDisposed();
            return handle;
        }
    }

    /// <summary>The raw mjModel pointer (for the layout check).</summary>
    internal byte* Pointer
    {
        get
        {
            ThrowIfDisposed();
            return model;
        }
    }

    /// <summary>Compiles MJCF text. The library is checked first (<see cref="MuJoCoLibrary.EnsureAvailable"/>).</summary>
    /// <param name="xml">A complete MJCF document; it may not refer to other files.</param>
    /// <exception cref="ArgumentException">MuJoCo rejected the model; the message is MuJoCo's.</exception>
    /// <exception cref="DllNotFoundException">libmujoco2.2.2 is not installed.</exception>
    public static MuJoCoModel FromXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        MuJoCoLibrary.EnsureAvailable();
        return LoadXml(xml);
    }

    /// <summary>Compiles an MJCF (or URDF) file; files it includes are read relative to it.</summary>
    /// <exception cref="ArgumentException">The file is missing or MuJoCo rejected it; the message is MuJoCo's.</exception>
    /// <exception cref="DllNotFoundException">libmujoco2.2.2 is not installed.</exception>
    public static MuJoCoModel FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        MuJoCoLibrary.EnsureAvailable();
        if (!File.Exists(path))
        {
            throw new ArgumentException($"path = '{path}': no such file.", nameof(path));
        }

        return Load(Path.GetFullPath(path), null, nameof(path), null);
    }

    /// <summary>The name of object <paramref name="id"/> of kind <paramref name="type"/>, or null if it has none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside the model's objects of that kind.</exception>
    public string? Name(MjObjectType type, int id)
    {
        int count = Count(type);
        if ((uint)id >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"the model has {count} objects of type {type}; ids run 0..{count - 1}.");
        }

        byte* name = MuJoCoNative.mj_id2name(Handle, (int)type, id);
        return name == null ? null : Marshal.PtrToStringUTF8((IntPtr)name);
    }

    /// <summary>The id of the object of kind <paramref name="type"/> named <paramref name="name"/>, or -1 if there is none.</summary>
    public int Id(MjObjectType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length = Encoding.UTF8.GetByteCount(name);
        Span<byte> text = length < 256 ? stackalloc byte[length + 1] : new byte[length + 1];
        Encoding.UTF8.GetBytes(name, text);
        text[length] = 0;
        fixed (byte* pointer = text)
        {
            return MuJoCoNative.mj_name2id(Handle, (int)type, pointer);
        }
    }

    /// <summary>The id of the object of kind <paramref name="type"/> named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The model has no such object (the message lists the names it has).</exception>
    public int RequireId(MjObjectType type, string name)
    {
        int id = Id(type, name);
        if (id < 0)
        {
            var names = new List<string>();
            for (int i = 0; i < Count(type); i++)
            {
                names.Add(Name(type, i) ?? $"#{i.ToString(CultureInfo.InvariantCulture)}");
            }

            throw new ArgumentException($"the model has no {type} named '{name}'; its {type} names are {string.Join(", ", names)}.", nameof(name));
        }

        return id;
    }

    /// <summary>The number of objects of kind <paramref name="type"/>.</summary>
    public int Count(MjObjectType type) => type switch
    {
        MjObjectType.Body => BodyCount,
        MjObjectType.Joint => JointCount,
        MjObjectType.Geom => GeomCount,
        MjObjectType.Site => SiteCount,
        MjObjectType.Tendon => TendonCount,
        MjObjectType.Actuator => Nu,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"type must be one of {string.Join(", ", Enum.GetNames<MjObjectType>())}."),
    };

    /// <summary>Frees the native model once no <see cref="MuJoCoData"/> uses it; safe to call more than once.</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }

    /// <summary>The number of rows of an array whose rows count <paramref name="count"/>.</summary>
    internal int Rows(MjCount count) => count switch
    {
        MjCount.Nq => Nq,
        MjCount.Nv => Nv,
        MjCount.Nu => Nu,
        MjCount.Na => Na,
        MjCount.NBody => BodyCount,
        MjCount.NJnt => JointCount,
        MjCount.NGeom => GeomCount,
        MjCount.NSite => SiteCount,
        _ => throw new ArgumentOutOfRangeException(nameof(count), count, "unknown model size."),
    };

    /// <summary>Compiles MJCF text without checking the library first (the layout check itself uses this).</summary>
    internal static MuJoCoModel LoadXml(string xml)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        byte* vfs = (byte*)NativeMemory.AllocZeroed(VfsSize);
        try
        {
            MuJoCoNative.mj_defaultVFS(vfs);
            byte[] fileName = Encoding.ASCII.GetBytes(VirtualFileName + "\0");
            fixed (byte* name = fileName)
            {
                int status = MuJoCoNative.mj_makeEmptyFileVFS(vfs, name, bytes.Length);
                if (status != 0)
                {
                    throw new InvalidOperationException($"mj_makeEmptyFileVFS returned {status}: MuJoCo could not make its in-memory file.");
                }

                // An empty VFS puts the new file at index 0.
                byte* fileData = *(byte**)(vfs + VfsFileDataOffset);
                bytes.CopyTo(new Span<byte>(fileData, bytes.Length));
                return Load(VirtualFileName, vfs, nameof(xml), xml);
            }
        }
        finally
        {
            MuJoCoNative.mj_deleteVFS(vfs);
            NativeMemory.Free(vfs);
        }
    }

    private static MuJoCoModel Load(string fileName, byte* vfs, string parameterName, string? xml)
    {
        byte[] name = Encoding.UTF8.GetBytes(fileName + "\0");
        byte* error = stackalloc byte[ErrorBufferSize];
        error[0] = 0;
        IntPtr pointer;
        fixed (byte* namePointer = name)
        {
            lock (LoadLock)
            {
                pointer = MuJoCoNative.mj_loadXML(namePointer, vfs, error, ErrorBufferSize);
            }
        }

        string message = Marshal.PtrToStringUTF8((IntPtr)error) ?? string.Empty;
        if (pointer == IntPtr.Zero)
        {
            string source = xml is null ? $"'{fileName}'" : "the MJCF text";
            throw new ArgumentException($"MuJoCo could not load {source}: {message}", parameterName);
        }

        return new MuJoCoModel(new MjModelHandle(pointer), xml, message.Length == 0 ? null : message);
    }

    private int ReadInt(int offset) => *(int*)(model + offset);

    private byte* Option(int offset) => Pointer + MjLayout.ModelOption + offset;

    private byte* Array(MjArrayField field) => *(byte**)(Pointer + field.Offset);

    private ReadOnlySpan<double> Doubles(MjArrayField field) => new(Array(field), field.Length(Rows(field.Rows)));

    private ReadOnlySpan<int> Ints(MjArrayField field) => new(Array(field), field.Length(Rows(field.Rows)));

    private void ThrowIfDisposed()
    {
        if (disposed)
        {
            throw new ObjectDisposedException(nameof(MuJoCoModel), "this MuJoCo model was disposed; make a new one (MuJoCoModel.FromXml) to keep simulating.");
        }
    }
}
