using System.Runtime.InteropServices;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// Owns one compiled <c>mjModel*</c>: <c>mj_deleteModel</c> runs exactly once, when the last user releases it (an
/// <see cref="MjDataHandle"/> holds a reference for its lifetime, so a model outlives every data made from it) or
/// from the finalizer if nobody disposed it. Thread-safety: as <see cref="SafeHandle"/>.
/// </summary>
internal sealed class MjModelHandle : SafeHandle
{
    /// <summary>Takes ownership of <paramref name="model"/>, a non-null pointer returned by mj_loadXML.</summary>
    public MjModelHandle(IntPtr model)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(model);

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        MuJoCoNative.mj_deleteModel(handle);
        return true;
    }
}
