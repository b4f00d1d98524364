using static Kernel.Envs.ClassicControl.NumPyScalar;

namespace Kernel.Envs.ClassicControl;

/// <summary>
/// Gymnasium's MountainCar-v0 (gymnasium/envs/classic_control/mountain_car.py, commit 3f0476a8), number for
/// number: rock an underpowered car up the right hill with three discrete pushes.
/// <para>
/// State (Gymnasium's <c>env.unwrapped.state</c>, float64 throughout): (position, velocity). Observation: the
/// state as float32. Actions: 0 push left, 1 no push, 2 push right. Dynamics:
/// velocity += (action - 1) * 0.001 + cos(3 position) * (-0.0025), clipped to [-0.07, 0.07]; position += velocity,
/// clipped to [-1.2, 0.6]; at the left wall (position == -1.2) a negative velocity becomes 0. Terminated when
/// position &gt;= 0.5 and velocity &gt;= goal_velocity. Reward -1.0 every step.
/// </para>
/// Reset: position ~ U[-0.6, -0.4), velocity = 0. Option: goal_velocity (default 0, Gymnasium's constructor argument).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class MountainCar : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "MountainCar-v0";

    /// <summary>min_position = -1.2 (mountain_car.py __init__).</summary>
    public const double MinPosition = -1.2;

    /// <summary>max_position = 0.6 (mountain_car.py __init__).</summary>
    public const double MaxPosition = 0.6;

    /// <summary>max_speed = 0.07 (mountain_car.py __init__).</summary>
    public const double MaxSpeed = 0.07;

    /// <summary>goal_position = 0.5 (mountain_car.py __init__).</summary>
    public const double GoalPosition = 0.5;

    /// <summary>force = 0.001 (mountain_car.py __init__).</summary>
    public const double Force = 0.001;

    /// <summary>gravity = 0.0025 (mountain_car.py __init__).</summary>
    public const double Gravity = 0.0025;

    /// <summary>The reward of every step, -1.0 (mountain_car.py step).</summary>
    public const double StepReward = -1.0;

    /// <summary>The reset range of the position, [-0.6, -0.4) (mountain_car.py reset defaults).</summary>
    public const double ResetLow = -0.6;

    /// <inheritdoc cref="ResetLow"/>
    public const double ResetHigh = -0.4;

    private double position;
    private double velocity;

    /// <summary>Creates the env. Option: goal_velocity (default 0, as Gymnasium's <c>MountainCarEnv(goal_velocity=0)</c>).</summary>
    public MountainCar(EnvOptions? options = null)
        : base(
            EnvId,
            // self.low / self.high are float32 arrays in Gymnasium; the bounds are their float32 values.
            new BoxSpace([F32(MinPosition), F32(-MaxSpeed)], [F32(MaxPosition), F32(MaxSpeed)]),
            new DiscreteSpace(3),
            2)
    {
        options ??= EnvOptions.None;
        GoalVelocity = options.GetDouble("goal_velocity", 0.0);
        options.EnsureAllUsed(EnvId);
    }

    /// <summary>The velocity needed at the goal (option goal_velocity; Gymnasium's default 0).</summary>
    public double GoalVelocity { get; }

    /// <inheritdoc />
    public override void GetState(Span<double> state)
    {
        state[0] = position;
        state[1] = velocity;
    }

    /// <inheritdoc />
    protected override void SetStateCore(ReadOnlySpan<double> state)
    {
        position = state[0];
        velocity = state[1];
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        // self.state = np.array([self.np_random.uniform(low=-0.6, high=-0.4), 0])
        position = Random.Uniform(ResetLow, ResetHigh);
        velocity = 0.0;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        int a = (int)action[0];
        double p = position;
        double v = velocity;

        // velocity += (action - 1) * self.force + math.cos(3 * position) * (-self.gravity)
        v += ((a - 1) * Force) + (Math.Cos(3 * p) * -Gravity);

        // velocity = np.clip(velocity, -self.max_speed, self.max_speed)
        v = Math.Clamp(v, -MaxSpeed, MaxSpeed);

        // position += velocity; position = np.clip(position, self.min_position, self.max_position)
        p += v;
        p = Math.Clamp(p, MinPosition, MaxPosition);

        // if position == self.min_position and velocity < 0: velocity = 0
        if (p == MinPosition && v < 0)
        {
            v = 0.0;
        }

        bool terminated = p >= GoalPosition && v >= GoalVelocity;
        position = p;
        velocity = v;
        WriteObservation(observation);
        return new StepResult(StepReward, terminated, false);
    }

    private void WriteObservation(Span<double> observation)
    {
        // np.array(self.state, dtype=np.float32)
        observation[0] = F32(position);
        observation[1] = F32(velocity);
    }
}
