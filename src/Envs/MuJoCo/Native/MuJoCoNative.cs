using System.Runtime.InteropServices;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// The C entry points of libmujoco 2.2.2 that the binding calls (declarations from /usr/include/mujoco/mujoco.h).
/// The library name "mujoco" is resolved by <see cref="MuJoCoLibrary"/> to Debian's libmujoco.so.2.2.2; the static
/// constructor installs that resolver before the first call binds. Callers go through <see cref="MuJoCoModel"/> and
/// <see cref="MuJoCoData"/>, which check the library version and struct layout first.
/// </summary>
internal static unsafe partial class MuJoCoNative
{
    /// <summary>The name every import uses; <see cref="MuJoCoLibrary"/> maps it to the versioned file.</summary>
    internal const string LibraryName = "mujoco";

    static MuJoCoNative() => MuJoCoLibrary.InstallResolver();

    [LibraryImport(LibraryName)]
    internal static partial int mj_version();

    [LibraryImport(LibraryName)]
    internal static partial byte* mj_versionString();

    [LibraryImport(LibraryName)]
    internal static partial void mj_defaultVFS(void* vfs);

    [LibraryImport(LibraryName)]
    internal static partial int mj_makeEmptyFileVFS(void* vfs, byte* filename, int filesize);

    [LibraryImport(LibraryName)]
    internal static partial void mj_deleteVFS(void* vfs);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr mj_loadXML(byte* filename, void* vfs, byte* error, int errorSize);

    [LibraryImport(LibraryName)]
    internal static partial void mj_deleteModel(IntPtr model);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr mj_makeData(MjModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial void mj_deleteData(IntPtr data);

    [LibraryImport(LibraryName)]
    internal static partial void mj_resetData(MjModelHandle model, MjDataHandle data);

    [LibraryImport(LibraryName)]
    internal static partial void mj_step(MjModelHandle model, MjDataHandle data);

    [LibraryImport(LibraryName)]
    internal static partial void mj_forward(MjModelHandle model, MjDataHandle data);

    [LibraryImport(LibraryName)]
    internal static partial void mj_kinematics(MjModelHandle model, MjDataHandle data);

    [LibraryImport(LibraryName)]
    internal static partial void mj_rnePostConstraint(MjModelHandle model, MjDataHandle data);

    [LibraryImport(LibraryName)]
    internal static partial int mj_name2id(MjModelHandle model, int type, byte* name);

    [LibraryImport(LibraryName)]
    internal static partial byte* mj_id2name(MjModelHandle model, int type, int id);

    [LibraryImport(LibraryName)]
    internal static partial double mj_getTotalmass(MjModelHandle model);
}
