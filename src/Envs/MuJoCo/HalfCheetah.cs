using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's HalfCheetah-v4 (half_cheetah_v4.py, assets/half_cheetah.xml at commit 3f0476a8): make a planar
/// two-legged cat run forward. Model: <see cref="HalfCheetahModel"/> (nq = nv = 9, nu = 6, Euler at 0.01 s, total
/// mass 14 kg), frame skip 5, dt = 0.05.
/// <para>
/// Observation (17): qpos[1:9] then qvel, not clipped; 18 with the x position included. Reward:
/// forward_reward_weight x x-velocity (finite difference of qpos[0] over dt) - ctrl_cost_weight x Σ a² of the raw
/// action (the physics sees the action clamped to [-1, 1]). Never terminates; the registry truncates at 1000 steps.
/// Reset: uniform(-0.1, 0.1) added to qpos, then 0.1 x N(0, 1) to qvel.
/// </para>
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class HalfCheetah : MuJoCoEnv
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "HalfCheetah-v4";

    /// <summary>mj_step calls per env step (half_cheetah_v4.py passes 5).</summary>
    public const int DefaultFrameSkip = 5;

    private readonly HalfCheetahSettings settings;

    /// <summary>Creates the env from registry options (see <see cref="HalfCheetahSettings.FromOptions"/>).</summary>
    public HalfCheetah(EnvOptions? options = null)
        : this(EnvSettings.Read<HalfCheetahSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public HalfCheetah(HalfCheetahSettings settings, HalfCheetahModel? model = null)
        : this(EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? HalfCheetahModel.Default).ToMjcf()))
    {
    }

    private HalfCheetah(HalfCheetahSettings settings, MuJoCoModel model)
        : base(EnvId, model, DefaultFrameSkip, PlanarObservation.Size(model.Nq, model.Nv, settings.ExcludeCurrentPositionsFromObservation))
    {
        this.settings = settings;
    }

    /// <summary>The reward settings.</summary>
    public HalfCheetahSettings Settings => settings;

    /// <summary>The terms of the last step's reward.</summary>
    public HalfCheetahStepInfo LastStepInfo { get; private set; }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        double xVelocity = SimulateForward(action, out double xAfter);

        double controlCost = settings.CtrlCostWeight * SumOfSquares(action);
        double forwardReward = settings.ForwardRewardWeight * xVelocity;
        WriteObservation(observation);
        LastStepInfo = new HalfCheetahStepInfo(xAfter, xVelocity, forwardReward, controlCost);
        return new StepResult(forwardReward - controlCost, false, false);
    }

    /// <inheritdoc />
    protected override void AddResetNoise(Span<double> qpos, Span<double> qvel)
    {
        AddUniformNoise(qpos, -settings.ResetNoiseScale, settings.ResetNoiseScale);
        AddNormalNoise(qvel, settings.ResetNoiseScale);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<double> observation)
        => PlanarObservation.Write(Data.Qpos, Data.Qvel, settings.ExcludeCurrentPositionsFromObservation, null, observation);
}
