using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's InvertedPendulum-v4 (inverted_pendulum_v4.py, assets/inverted_pendulum.xml at commit 3f0476a8):
/// keep a pole upright by pushing its cart. Model: <see cref="InvertedPendulumModel"/> (nq = nv = 2, nu = 1,
/// RK4 at 0.02 s), frame skip 2, dt = 0.04.
/// <para>
/// Observation (4): qpos (cart x, pole angle) then qvel, unclipped. Reward: 1 on every step, the terminating one
/// included. Terminated when |pole angle| &gt; 0.2 (strict) or an observation is not finite (the project's
/// <see cref="EnvBase"/> reports a non-finite observation as an error instead). Reset: uniform(-0.01, 0.01) added to
/// qpos, then to qvel. Action: one cart force in [-3, 3] (gear 100), clamped by MuJoCo.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class InvertedPendulum : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "InvertedPendulum-v4";

    /// <summary>mj_step calls per env step (inverted_pendulum_v4.py passes 2).</summary>
    public const int DefaultFrameSkip = 2;

    private readonly InvertedPendulumSettings settings;

    /// <summary>Creates the env from registry options (reset_noise_scale, angle_limit).</summary>
    public InvertedPendulum(EnvOptions? options = null)
        : this(EnvSettings.Read<InvertedPendulumSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public InvertedPendulum(InvertedPendulumSettings settings, InvertedPendulumModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? InvertedPendulumModel.Default).ToMjcf()))
    {
    }

    private InvertedPendulum(InvertedPendulumSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, model.Nq + model.Nv)
    {
        this.settings = settings;
    }

    /// <summary>The reset and termination settings.</summary>
    public InvertedPendulumSettings Settings => settings;

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        const double Reward = 1.0;
        DoSimulation(action);
        WriteObservation(observation);
        bool finite = true;
        foreach (double value in observation)
        {
            finite &= double.IsFinite(value);
        }

        return new StepResult(Reward, !finite || Math.Abs(observation[1]) > settings.AngleLimit, false);
    }

    /// <inheritdoc />
    protected override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -settings.ResetNoiseScale, settings.ResetNoiseScale);
        AddUniformNoise(qvel, -settings.ResetNoiseScale, settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<double> observation)
    {
        Data.Qpos.CopyTo(observation);
        Data.Qvel.CopyTo(observation[Model.Nq..]);
    }
}
