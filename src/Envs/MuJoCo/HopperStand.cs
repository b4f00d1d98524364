using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The hopper-stand task of seed paper 002 (appendix F.1, Tables 1-2): Hopper-v4's model, frame skip, observation
/// and reset, with the paper's quadratic cost instead of Hopper's reward and no termination (the paper's horizon
/// of 1000 steps is the registry's time limit).
/// <para>
/// The observation s = (s1, ..., s11) is Hopper-v4's: s1 torso height, s2 torso angle, s3-s5 thigh, leg and foot
/// angles, s6-s11 the six velocities clipped to ±10 (Table 2). Reward:
/// R(s, a) = -(s2² + s3² + s4² + s5² + 0.1 (s6² + ... + s11²) + 0.001 |a|), on the observation after the step, with
/// |a| the Euclidean norm of the raw action (the paper writes |a| without a square, unlike its other tasks' |a|²).
/// The height s1 is not penalised. The reward is never positive.
/// </para>
/// Registered as HopperStand-v0 with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class HopperStand : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "HopperStand-v0";

    private readonly HopperStandSettings settings;

    /// <summary>Creates the env from registry options (see <see cref="HopperStandSettings.FromOptions"/>).</summary>
    public HopperStand(EnvOptions? options = null)
        : this(EnvSettings.Read<HopperStandSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied hopper.</summary>
    public HopperStand(HopperStandSettings settings, HopperModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? HopperModel.Default).ToMjcf()))
    {
    }

    private HopperStand(HopperStandSettings settings, MuJoCoModel model)
        : base(EnvId, model, Hopper.DefaultFrameSkip, PlanarObservation.Size(model.Nq, model.Nv, excludeCurrentPositions: true))
    {
        this.settings = settings;
    }

    /// <summary>The reward coefficients.</summary>
    public HopperStandSettings Settings => settings;

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        DoSimulation(action);
        WriteObservation(observation);

        // s2..s5 are observation[1..4], s6..s11 are observation[5..10] (s1 = observation[0] is the height).
        double angles = 0;
        for (int i = 1; i <= 4; i++)
        {
            angles += observation[i] * observation[i];
        }

        double velocities = 0;
        for (int i = 5; i < observation.Length; i++)
        {
            velocities += observation[i] * observation[i];
        }

        double actionNorm = Math.Sqrt(SumOfSquares(action));
        double cost = (settings.AngleWeight * angles) + (settings.VelocityWeight * velocities) + (settings.ActionWeight * actionNorm);
        return new StepResult(-cost, false, false);
    }

    /// <inheritdoc />
    protected override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -settings.ResetNoiseScale, settings.ResetNoiseScale);
        AddUniformNoise(qvel, -settings.ResetNoiseScale, settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<double> observation)
        => PlanarObservation.Write(Data.Qpos, Data.Qvel, excludeCurrentPositions: true, Hopper.VelocityClip, observation);
}
