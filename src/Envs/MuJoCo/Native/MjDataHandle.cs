using System.Runtime.InteropServices;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// Owns one <c>mjData*</c> and keeps its model alive: it adds a reference to the model's handle when made and
/// releases it after <c>mj_deleteData</c>, so disposing the model first cannot free memory a data still steps
/// with. <c>mj_deleteData</c> runs exactly once (dispose or finalizer). The data's native size is registered with
/// <see cref="GC.AddMemoryPressure"/> until then: a managed env object is small, so without it the collector would
/// let thousands of undisposed envs (hundreds of kilobytes of native memory each) pile up. Thread-safety: as
/// <see cref="SafeHandle"/>.
/// </summary>
internal sealed unsafe class MjDataHandle : SafeHandle
{
    private static long live;

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
        byte* fields = (byte*)data;
        NativeBytes = MjLayout.DataSize + (long)*(int*)(fields + MjLayout.DataNBuffer) + (sizeof(double) * (long)*(int*)(fields + MjLayout.DataNStack));
        GC.AddMemoryPressure(NativeBytes);
        Interlocked.Add(ref live, NativeBytes);
    }

    /// <summary>Native bytes of every data made and not yet freed, in this process.</summary>
    public static long LiveBytes => Interlocked.Read(ref live);

    /// <summary>Bytes of native memory the data holds: sizeof(mjData), its buffer and its stack.</summary>
    public long NativeBytes { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        MuJoCoNative.mj_deleteData(handle);
        GC.RemoveMemoryPressure(NativeBytes);
        Interlocked.Add(ref live, -NativeBytes);
        model.DangerousRelease();
        return true;
    }
}
