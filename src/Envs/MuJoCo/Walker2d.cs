namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Gymnasium's Walker2d-v4 (walker2d_v4.py, assets/walker2d.xml at commit 3f0476a8): make a two-legged planar robot
/// walk forward. Model: <see cref="Walker2dModel"/> (nq = nv = 9, nu = 6, RK4 at 0.002 s; left foot friction 1.9,
/// the rest 0.9), frame skip 4, dt = 0.008.
/// <para>
/// Observation (17): qpos[1:9] (torso height, torso angle, right thigh, leg, foot, left thigh, leg, foot) then
/// clip(qvel, -10, 10); 18 with the x position included. Reward and termination:
/// <see cref="PlanarLocomotionEnv{TSettings}"/>. Healthy: qpos[1] in (0.8, 2.0) and qpos[2] in (-1, 1), both strict;
/// unlike Hopper there is no bound on the other state elements. Reset: uniform(-0.005, 0.005) added to qpos, then
/// to qvel.
/// </para>
/// Registered with a 1000-step limit. Thread-safety: one thread at a time.
/// </summary>
public sealed class Walker2d : PlanarLocomotionEnv<Walker2dSettings>
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "Walker2d-v4";

    /// <summary>Creates the env from registry options (see <see cref="Walker2dSettings.FromOptions"/>).</summary>
    public Walker2d(EnvOptions? options = null)
        : this(EnvSettings.Read<Walker2dSettings>(options, EnvId))
    {
    }

    /// <summary>Creates the env with explicit settings and, optionally, a varied model.</summary>
    public Walker2d(Walker2dSettings settings, Walker2dModel? model = null)
        : base(EnvId, EnvSettings.Checked(settings), MuJoCoModelCache.Get((model ?? Walker2dModel.Default).ToMjcf()))
    {
    }

    /// <inheritdoc />
    public override bool IsHealthy => HeightAndAngleHealthy();
}
