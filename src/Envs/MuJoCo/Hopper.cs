namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Hopper-v4 (hopper_v4.py, assets/hopper.xml at commit 3f0476a8): make a one-legged planar robot hop
/// forward. Model: <see cref="HopperModel"/> (nq = nv = 6, nu = 3, RK4 at 0.002 s), frame skip 4, dt = 0.008.
/// <para>
/// Observation (11): qpos[1:6] (torso height, torso angle, thigh, leg, foot) then clip(qvel, -10, 10); 12 with
/// the x position included. Reward and termination: <see cref="PlanarLocomotionEnv{TSettings}"/>. Healthy: every
/// element of qpos[2:] and qvel in (-100, 100), qpos[1] in (0.7, inf), qpos[2] in (-0.2, 0.2), all strict. Reset:
/// uniform(-0.005, 0.005) added to qpos, then to qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Hopper : PlanarLocomotionEnv<HopperSettings>
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Hopper-v4";

    /// <summary>Creates the env from registry options (see <see cref="HopperSettings.FromOptions"/>).</summary>
    public Hopper(EnvOptions? options = null)
        : this(EnvSettings.Read<HopperSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public Hopper(HopperSettings settings, HopperModel? model = null)
        : base(EnvId, EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? HopperModel.Default).ToMjcf()))
    {
    }

    /// <inheritdoc />
    public override bool IsHealthy
    {
        get
        {
            (double minState, double maxState) = Settings.HealthyStateRange;
            ReadOnlySpan<double> qpos = Data.Qpos;
            for (int i = 2; i < qpos.Length; i++)
            {
                if (!(minState < qpos[i] && qpos[i] < maxState))
                {
                    return false;
                }
            }

            foreach (double v in Data.Qvel)
            {
                if (!(minState < v && v < maxState))
                {
                    return false;
                }
            }

            return HeightAndAngleHealthy();
        }
    }
}
