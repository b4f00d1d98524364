using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The machinery every Gymnasium v4 MuJoCo task shares (Gymnasium's <c>MujocoEnv</c>, mujoco_env.py at commit
/// 3f0476a8), so a task writes only its observation, reward, termination and reset noise:
/// <list type="bullet">
/// <item>action space: Box(ctrlrange) with the bounds rounded to float32 as Gymnasium's float32 Box; observation
/// space: Box(-inf, inf);</item>
/// <item>step (<see cref="DoSimulation"/>): ctrl = the raw action (no clipping here; MuJoCo clamps inside the
/// physics where ctrllimited, and control costs must use the raw action), <see cref="FrameSkip"/> x
/// <c>mj_step</c>, then one <c>mj_rnePostConstraint</c> (fills cacc, cfrc_int, cfrc_ext). Position-derived arrays
/// are left as mj_step leaves them (stale; see <see cref="MuJoCoData"/>), as v4 reads them;</item>
/// <item>reset: <c>mj_resetData</c>, then the task draws its noise around init_qpos (= qpos0) and init_qvel (= 0)
/// from <see cref="EnvBase.Random"/>, qpos first, then the state is written and <c>mj_forward</c> runs;</item>
/// <item>state (GetState/SetState) = qpos then qvel (Gymnasium's state_vector / set_state, which also runs
/// mj_forward). This is not MuJoCo's whole state: the solver's warm start (qacc_warmstart) is not in it, so a
/// restored env continues equal up to the solver tolerance, not bit for bit, unlike the uninterrupted run;</item>
/// <item>truncation: the registry's 1000 steps (<see cref="EnvBase.MaxEpisodeSteps"/>); the task never truncates.</item>
/// </list>
/// The compiled model is shared (<see cref="MuJoCoModelCache"/>); each env owns its <see cref="Data"/>, freed by
/// <see cref="Dispose"/> (or its finalizer). Thread-safety: one thread at a time; envs of one model may step on
/// different threads at once.
/// </summary>
public abstract class MuJoCoEnv : EnvBase
{
    private readonly double[] initQpos;
    private readonly double[] initQvel;
    private readonly double[] resetQpos;
    private readonly double[] resetQvel;
    private readonly List<string> stepWarnings = [];

    /// <summary>Creates the shared part of a MuJoCo task.</summary>
    /// <param name="id">The registry id.</param>
    /// <param name="model">The compiled model (shared; not disposed by the env).</param>
    /// <param name="frameSkip">mj_step calls per env step (at least 1).</param>
    /// <param name="observationSize">The observation length.</param>
    protected MuJoCoEnv(string id, MuJoCoModel model, int frameSkip, int observationSize)
        : base(id, BoxSpace.Uniform(observationSize, double.NegativeInfinity, double.PositiveInfinity), ActionBox(model), StateLength(model))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSkip, 1);
        Model = model;
        FrameSkip = frameSkip;
        Data = new MuJoCoData(model);

        // Gymnasium takes init_qpos from a fresh MjData (mj_makeData resets qpos to qpos0) and init_qvel = 0.
        initQpos = Data.Qpos.ToArray();
        initQvel = new double[model.Nv];
        resetQpos = new double[model.Nq];
        resetQvel = new double[model.Nv];
    }

    /// <summary>The compiled model (shared with other envs of the same model; do not dispose it).</summary>
    public MuJoCoModel Model { get; }

    /// <summary>This env's simulation data (qpos, qvel, xpos, ...), as the last step or reset left it.</summary>
    public MuJoCoData Data { get; }

    /// <summary>mj_step calls per env step.</summary>
    public int FrameSkip { get; }

    /// <summary>Seconds per env step: opt.timestep x frame skip.</summary>
    public double Dt => Model.Timestep * FrameSkip;

    /// <summary>Gymnasium's init_qpos: the model's qpos0.</summary>
    protected ReadOnlySpan<double> InitQpos => initQpos;

    /// <summary>Gymnasium's init_qvel: zeros.</summary>
    protected ReadOnlySpan<double> InitQvel => initQvel;

    /// <inheritdoc />
    public override void GetState(Span<double> state)
    {
        Data.Qpos.CopyTo(state);
        Data.Qvel.CopyTo(state[Model.Nq..]);
    }

    /// <summary>A MuJoCo step (mj_step x frame skip) is costly, and datas of one model may step on different threads at once.</summary>
    public override bool ParallelStepping => true;

    /// <summary>Frees this env's simulation data (the shared model is freed once no env uses it); the data's own finalizer covers an env nobody disposes.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Data.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state) => SetPhysicsState(state[..Model.Nq], state[Model.Nq..]);

    /// <inheritdoc />
    protected sealed override void ResetCore(Span<double> observation)
    {
        Data.Reset();
        initQpos.CopyTo(resetQpos.AsSpan());
        initQvel.CopyTo(resetQvel.AsSpan());
        AddResetNoise(resetQpos, resetQvel);
        SetPhysicsState(resetQpos, resetQvel);
        WriteObservation(observation);
    }

    /// <summary>
    /// Gymnasium's reset_model noise: adds the task's draws to <paramref name="qpos"/> (holding init_qpos) and then
    /// to <paramref name="qvel"/> (holding init_qvel), from <see cref="EnvBase.Random"/>.
    /// </summary>
    protected abstract void AddResetNoise(Span<double> qpos, Span<double> qvel);

    /// <summary>Writes the task's observation of the current data.</summary>
    protected abstract void WriteObservation(Span<double> observation);

    /// <summary>
    /// <see cref="DoSimulation"/>, measuring the forward velocity as the planar tasks do: the change of qpos[0] over
    /// <see cref="Dt"/> (Gymnasium's x_velocity); <paramref name="xAfter"/> is qpos[0] after the step.
    /// </summary>
    protected double SimulateForward(ReadOnlySpan<double> action, out double xAfter)
    {
        double xBefore = Data.Qpos[0];
        DoSimulation(action);
        xAfter = Data.Qpos[0];
        return (xAfter - xBefore) / Dt;
    }

    /// <summary>
    /// Gymnasium's do_simulation: ctrl = raw action, frame skip x mj_step, mj_rnePostConstraint. Where Gymnasium only
    /// prints MuJoCo's warning when mj_step finds a bad qpos, qvel or qacc and resets the data, this throws.
    /// </summary>
    /// <exception cref="MuJoCoInstabilityException">MuJoCo flagged a bad qpos, qvel or qacc and reset the state.</exception>
    protected void DoSimulation(ReadOnlySpan<double> action)
    {
        action.CopyTo(Data.Ctrl);
        for (int i = 0; i < FrameSkip; i++)
        {
            int qpos = Data.WarningCount(MjWarning.BadQpos);
            int qvel = Data.WarningCount(MjWarning.BadQvel);
            int qacc = Data.WarningCount(MjWarning.BadQacc);
            using (MuJoCoLibrary.CaptureWarnings(stepWarnings))
            {
                Data.Step();
            }

            MjWarning? raised = Data.WarningCount(MjWarning.BadQpos) != qpos ? MjWarning.BadQpos
                : Data.WarningCount(MjWarning.BadQvel) != qvel ? MjWarning.BadQvel
                : Data.WarningCount(MjWarning.BadQacc) != qacc ? MjWarning.BadQacc
                : null;
            if (raised is { } warning)
            {
                throw new MuJoCoInstabilityException(Id, ElapsedSteps + 1, i + 1, FrameSkip, warning, string.Join(" ", stepWarnings));
            }

            foreach (string other in stepWarnings)
            {
                Console.Error.WriteLine($"MuJoCo warning: {other}");
            }
        }

        Data.RnePostConstraint();
    }

    /// <summary>Gymnasium's set_state: writes qpos and qvel, then mj_forward.</summary>
    protected void SetPhysicsState(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        qpos.CopyTo(Data.Qpos);
        qvel.CopyTo(Data.Qvel);
        Data.Forward();
    }

    /// <summary>Adds uniform(low, high) draws to every element of <paramref name="values"/>, in order (NumPy's uniform(size=n)).</summary>
    protected void AddUniformNoise(Span<double> values, double low, double high)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += Random.Uniform(low, high);
        }
    }

    /// <summary>Adds scale x standard normal draws to every element of <paramref name="values"/>, in order (NumPy's standard_normal(n) * scale).</summary>
    protected void AddNormalNoise(Span<double> values, double scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += scale * Random.Normal();
        }
    }

    /// <summary>Σ a_i² in NumPy's summation order (Gymnasium's np.sum(np.square(action)), bit for bit on float64 input).</summary>
    protected static double SumOfSquares(ReadOnlySpan<double> values) => NumPySum.OfSquares(values);

    private static BoxSpace ActionBox(MuJoCoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var low = new double[model.Nu];
        var high = new double[model.Nu];
        ReadOnlySpan<double> range = model.ActuatorCtrlRange;
        for (int i = 0; i < model.Nu; i++)
        {
            // Gymnasium: Box(low, high, dtype=float32) from actuator_ctrlrange.astype(float32).
            low[i] = (float)range[2 * i];
            high[i] = (float)range[(2 * i) + 1];
        }

        return new BoxSpace(low, high);
    }

    private static int StateLength(MuJoCoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Nq + model.Nv;
    }
}
