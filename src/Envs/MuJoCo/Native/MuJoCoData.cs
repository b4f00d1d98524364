namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// The simulation state and workspace of one copy of a model (<c>mjData</c>): stepping calls and typed spans over
/// the data arrays. The array pointers are fixed for the data's lifetime (MuJoCo never reallocates them), so the
/// spans cost nothing to take. Writable: qpos, qvel, act and ctrl (what a caller sets before forward or step);
/// everything else is computed by MuJoCo and read-only.
/// <para>
/// Position-derived arrays (xpos, xquat, xipos, site_xpos, subtree_com, cinert, cvel) hold what the last
/// computation left: after <see cref="Step"/> they belong to the pose at the start of that step (Euler) or to the
/// last Runge-Kutta stage (RK4), not to the new qpos, until <see cref="Forward"/> or <see cref="Kinematics"/> runs.
/// cacc, cfrc_int and cfrc_ext are filled only by <see cref="RnePostConstraint"/>.
/// </para>
/// <para>
/// Lifetime: <see cref="Dispose"/> frees the native data (once; the finalizer does it if nobody disposes). Every
/// member then throws <see cref="ObjectDisposedException"/>, and so does any use after the model was disposed; a
/// span taken earlier must not be used after disposal.
/// </para>
/// Thread-safety: one thread at a time per data; different datas of one model may step on different threads at once.
/// </summary>
public sealed unsafe class MuJoCoData : IDisposable
{
    private readonly MjDataHandle handle;
    private readonly MjModelHandle modelHandle;
    private readonly byte* data;
    private volatile bool disposed;

    /// <summary>Makes a data for <paramref name="model"/> (<c>mj_makeData</c>; qpos = qpos0, everything else zero).</summary>
    public MuJoCoData(MuJoCoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        modelHandle = model.Handle;
        handle = new MjDataHandle(modelHandle);
        data = (byte*)handle.DangerousGetHandle();
    }

    /// <summary>
    /// Bytes of native memory the data holds (the struct, its buffer and its stack), registered with
    /// <see cref="GC.AddMemoryPressure"/> while it lives so that envs nobody disposes are finalised before they pile up.
    /// </summary>
    public long NativeBytes => handle.NativeBytes;

    /// <summary>Native bytes held by every MuJoCo data of this process not yet freed (disposed or finalised): what undisposed envs cost.</summary>
    public static long LiveNativeBytes => MjDataHandle.LiveBytes;

    /// <summary>The model this data simulates.</summary>
    public MuJoCoModel Model { get; }

    /// <summary>Simulated time in seconds.</summary>
    public double Time
    {
        get => *(double*)(Pointer + MjLayout.DataTime);
        set => *(double*)(Pointer + MjLayout.DataTime) = value;
    }

    /// <summary>The number of contacts found by the last collision pass.</summary>
    public int ContactCount => *(int*)(Pointer + MjLayout.DataNContacts);

    /// <summary>qpos: generalized positions (nq).</summary>
    public Span<double> Qpos => Doubles(MjLayout.Qpos);

    /// <summary>qvel: generalized velocities (nv).</summary>
    public Span<double> Qvel => Doubles(MjLayout.Qvel);

    /// <summary>act: actuator activations (na).</summary>
    public Span<double> Act => Doubles(MjLayout.Act);

    /// <summary>ctrl: controls (nu). MuJoCo clamps them to the ctrlrange inside the physics where ctrllimited, but keeps the written values here.</summary>
    public Span<double> Ctrl => Doubles(MjLayout.Ctrl);

    /// <summary>qacc: generalized accelerations (nv).</summary>
    public ReadOnlySpan<double> Qacc => Doubles(MjLayout.Qacc);

    /// <summary>xpos: body frame positions (nbody x 3; see the class summary on staleness).</summary>
    public ReadOnlySpan<double> Xpos => Doubles(MjLayout.Xpos);

    /// <summary>xquat: body frame orientations (nbody x 4).</summary>
    public ReadOnlySpan<double> Xquat => Doubles(MjLayout.Xquat);

    /// <summary>xipos: body centre-of-mass positions (nbody x 3).</summary>
    public ReadOnlySpan<double> Xipos => Doubles(MjLayout.Xipos);

    /// <summary>site_xpos: site positions (nsite x 3).</summary>
    public ReadOnlySpan<double> SiteXpos => Doubles(MjLayout.SiteXpos);

    /// <summary>subtree_com: centre of mass of each body's subtree (nbody x 3).</summary>
    public ReadOnlySpan<double> SubtreeCom => Doubles(MjLayout.SubtreeCom);

    /// <summary>cinert: com-based body inertia and mass (nbody x 10).</summary>
    public ReadOnlySpan<double> Cinert => Doubles(MjLayout.Cinert);

    /// <summary>cvel: com-based body velocities, rotation then translation (nbody x 6).</summary>
    public ReadOnlySpan<double> Cvel => Doubles(MjLayout.Cvel);

    /// <summary>qfrc_actuator: actuator forces in joint space (nv).</summary>
    public ReadOnlySpan<double> QfrcActuator => Doubles(MjLayout.QfrcActuator);

    /// <summary>qfrc_constraint: constraint forces in joint space (nv).</summary>
    public ReadOnlySpan<double> QfrcConstraint => Doubles(MjLayout.QfrcConstraint);

    /// <summary>cacc: com-based body accelerations (nbody x 6; from <see cref="RnePostConstraint"/>).</summary>
    public ReadOnlySpan<double> Cacc => Doubles(MjLayout.Cacc);

    /// <summary>cfrc_int: com-based interaction forces with the parent body (nbody x 6; from <see cref="RnePostConstraint"/>).</summary>
    public ReadOnlySpan<double> CfrcInt => Doubles(MjLayout.CfrcInt);

    /// <summary>cfrc_ext: com-based external forces on each body, contacts included (nbody x 6; from <see cref="RnePostConstraint"/>).</summary>
    public ReadOnlySpan<double> CfrcExt => Doubles(MjLayout.CfrcExt);

    /// <summary>The raw mjData pointer (for the layout check).</summary>
    internal byte* Pointer
    {
        get
        {
            ThrowIfDisposed();
            return data;
        }
    }

    /// <summary>How often MuJoCo raised warning <paramref name="kind"/> since the last reset.</summary>
    public int WarningCount(MjWarning kind)
    {
        if ((uint)kind > (uint)MjWarning.BadCtrl)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind must be one of {string.Join(", ", Enum.GetNames<MjWarning>())}.");
        }

        // mjWarningStat is {int lastinfo; int number;}.
        return *(int*)(Pointer + MjLayout.DataWarning + ((int)kind * MjLayout.WarningStatSize) + sizeof(int));
    }

    /// <summary>Advances the simulation by one timestep (<c>mj_step</c>).</summary>
    public void Step()
    {
        ThrowIfDisposed();
        MuJoCoNative.mj_step(modelHandle, handle);
    }

    /// <summary>Computes everything that depends on qpos, qvel, act and ctrl without integrating (<c>mj_forward</c>).</summary>
    public void Forward()
    {
        ThrowIfDisposed();
        MuJoCoNative.mj_forward(modelHandle, handle);
    }

    /// <summary>Recomputes the position-derived frames (xpos, xquat, xipos, site_xpos, ...) from qpos (<c>mj_kinematics</c>).</summary>
    public void Kinematics()
    {
        ThrowIfDisposed();
        MuJoCoNative.mj_kinematics(modelHandle, handle);
    }

    /// <summary>Fills cacc, cfrc_int and cfrc_ext (<c>mj_rnePostConstraint</c>).</summary>
    public void RnePostConstraint()
    {
        ThrowIfDisposed();
        MuJoCoNative.mj_rnePostConstraint(modelHandle, handle);
    }

    /// <summary>Resets to the model's defaults: qpos = qpos0, velocities, controls, time and warnings zero (<c>mj_resetData</c>).</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        MuJoCoNative.mj_resetData(modelHandle, handle);
    }

    /// <summary>Frees the native data; safe to call more than once.</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }

    private Span<double> Doubles(MjArrayField field)
        => new(*(double**)(Pointer + field.Offset), field.Length(Model.Rows(field.Rows)));

    private void ThrowIfDisposed()
    {
        if (disposed)
        {
            throw new ObjectDisposedException(nameof(MuJoCoData), "this MuJoCo data was disposed; make a new MuJoCoData (or env) to keep simulating.");
        }

        if (Model.IsDisposed)
        {
            throw new ObjectDisposedException(nameof(MuJoCoModel), "the MuJoCo model of this data was disposed; the data cannot step without it.");
        }
    }
}
