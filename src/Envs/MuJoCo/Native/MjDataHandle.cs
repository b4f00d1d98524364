using System.Runtime.InteropServices;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// Owns one <c>mjData*</c> and keeps its model alive: it adds a reference to the model's handle when made and
/// releases it after <c>mj_deleteData</c>, so disposing the model first cannot free memory a data still steps
/// with. <c>mj_deleteData</c> runs exactly once (dispose or finalizer). Thread-safety: as <see cref="SafeHandle"/>.
/// </summary>
internal sealed class MjDataHandle : SafeHandle
{
    private readonly MjModelHandle model;

    /// <summary>Makes a data for <paramref name="model"/> with <c>mj_makeData</c>.</summary>
    /// <exception cref="InvalidOperationException">MuJoCo could not allocate the data.</exception>
    public MjDataHandle(MjModelHandle model)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        this.model = model;
        bool added = false;
        model.DangerousAddRef(ref added);
        IntPtr data = MuJoCoNative.mj_makeData(model);
        if (data == IntPtr.Zero)
        {
            model.DangerousRelease();
            throw new InvalidOperationException("mj_makeData returned null: MuJoCo could not allocate the simulation data.");
        }

        SetHandle(data);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        MuJoCoNative.mj_deleteData(handle);
        model.DangerousRelease();
        return true;
    }
}
