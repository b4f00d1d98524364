using static Kernel.Envs.ClassicControl.NumPyScalar;

namespace Kernel.Envs.ClassicControl;

/// <summary>
/// Gymnasium's MountainCarContinuous-v0 (gymnasium/envs/classic_control/continuous_mountain_car.py, commit
/// 3f0476a8), number for number: drive an underpowered car up the right hill, paying for force.
/// <para>
/// State (Gymnasium's <c>env.unwrapped.state</c>): (position, velocity). Observation: the state as float32.
/// Action: one force, rounded to float32 (Gymnasium's action space is float32) and clipped to [-1, 1] with
/// Python's <c>min(max(a, -1.0), 1.0)</c>. Dynamics: velocity += force * 0.0015 - 0.0025 cos(3 position), clipped to
/// [-0.07, 0.07]; position += velocity, clipped to [-1.2, 0.6]; at the left wall (position == -1.2) a negative
/// velocity becomes 0. Terminated when position &gt;= 0.45 and velocity &gt;= goal_velocity. Reward: 100 on
/// termination, minus 0.1 a^2 of the unclipped action, every step.
/// </para>
/// <para>
/// dtype detail (NumPy 2, NEP 50): reset leaves a float64 state, every step stores a float32 state, and the
/// float32 action keeps <c>force * power - 0.0025 * math.cos(...)</c> in float32. So the first step after a reset
/// runs in float64 with a float32 increment, and later steps add in float32. <see cref="IEnv.SetState"/> takes a
/// state as float32 (as after a step) when both values are exactly float32 numbers and as float64 (as after a
/// reset) otherwise, so a state copied from Gymnasium continues exactly as there.
/// </para>
/// Reset: position ~ U[-0.6, -0.4), velocity = 0. Option: goal_velocity (default 0, Gymnasium's constructor argument).
/// Thread-safety: one thread at a time.
/// </summary>
public sealed class MountainCarContinuous : EnvBase
{
    /// <summary>The registry id.</summary>
    public const string EnvId = "MountainCarContinuous-v0";

    /// <summary>min_action = -1.0 (continuous_mountain_car.py __init__).</summary>
    public const double MinAction = -1.0;

    /// <summary>max_action = 1.0 (continuous_mountain_car.py __init__).</summary>
    public const double MaxAction = 1.0;

    /// <summary>min_position = -1.2 (continuous_mountain_car.py __init__).</summary>
    public const double MinPosition = -1.2;

    /// <summary>max_position = 0.6 (continuous_mountain_car.py __init__).</summary>
    public const double MaxPosition = 0.6;

    /// <summary>max_speed = 0.07 (continuous_mountain_car.py __init__).</summary>
    public const double MaxSpeed = 0.07;

    /// <summary>goal_position = 0.45 (continuous_mountain_car.py __init__).</summary>
    public const double GoalPosition = 0.45;

    /// <summary>power = 0.0015 (continuous_mountain_car.py __init__).</summary>
    public const double Power = 0.0015;

    /// <summary>The gravity coefficient 0.0025 written inline in continuous_mountain_car.py step.</summary>
    public const double GravityCoefficient = 0.0025;

    /// <summary>The goal reward 100.0 (continuous_mountain_car.py step).</summary>
    public const double GoalReward = 100.0;

    /// <summary>The action-cost coefficient 0.1 (continuous_mountain_car.py step: <c>math.pow(action[0], 2) * 0.1</c>).</summary>
    public const double ActionCost = 0.1;

    /// <summary>The reset range of the position, [-0.6, -0.4) (continuous_mountain_car.py reset defaults).</summary>
    public const double ResetLow = -0.6;

    /// <inheritdoc cref="ResetLow"/>
    public const double ResetHigh = -0.4;

    private double position;
    private double velocity;
    private bool stateIsFloat32;

    /// <summary>Creates the env. Option: goal_velocity (default 0, as Gymnasium's <c>Continuous_MountainCarEnv(goal_velocity=0)</c>).</summary>
    public MountainCarContinuous(EnvOptions? options = null)
        : base(
            EnvId,
            // low_state / high_state are float32 arrays in Gymnasium; the bounds are their float32 values.
            new BoxSpace([F32(MinPosition), F32(-MaxSpeed)], [F32(MaxPosition), F32(MaxSpeed)]),
            BoxSpace.Uniform(1, MinAction, MaxAction),
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
        stateIsFloat32 = F32(position) == position && F32(velocity) == velocity;
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<double> observation)
    {
        // self.state = np.array([self.np_random.uniform(low=-0.6, high=-0.4), 0]): float64.
        position = Random.Uniform(ResetLow, ResetHigh);
        velocity = 0.0;
        stateIsFloat32 = false;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
    {
        // Each scalar carries its value and whether NumPy holds it as float32 (np.float32) or as a double
        // (np.float64 or a Python float); the comparisons and additions below follow NEP 50 for each case.
        double a = F32(action[0]);
        double p = position;
        double v = velocity;
        bool p32 = stateIsFloat32;
        bool v32 = stateIsFloat32;

        // force = min(max(action[0], self.min_action), self.max_action): Python's max/min return one of their
        // arguments, so force is the np.float32 action or the Python float bound.
        double force = a;
        bool force32 = true;
        if (MinAction > a)
        {
            force = MinAction;
            force32 = false;
        }

        if (MaxAction < force)
        {
            force = MaxAction;
            force32 = false;
        }

        // velocity += force * self.power - 0.0025 * math.cos(3 * position)
        double threeP = p32 ? MulF32(3, p) : 3 * p;          // 3 * np.float32 stays float32
        double gravity = GravityCoefficient * Math.Cos(threeP); // math.cos returns a Python float
        double increment;
        if (force32)
        {
            // np.float32 * 0.0015 and np.float32 - Python float are float32 (the Python floats become float32).
            increment = AddF32(MulF32(force, F32(Power)), -F32(gravity));
        }
        else
        {
            increment = (force * Power) - gravity;
        }

        if (v32)
        {
            // np.float32 += np.float32 or Python float: float32, the Python float rounded to float32 first.
            v = AddF32(v, F32(increment));
        }
        else
        {
            v += increment; // np.float64 += anything here: float64
        }

        // if velocity > max_speed: velocity = max_speed (a Python float) ...; comparisons of an np.float32 with a
        // Python float round the Python float to float32 (NEP 50).
        if (Greater(v, v32, MaxSpeed))
        {
            v = MaxSpeed;
            v32 = false;
        }

        if (Less(v, v32, -MaxSpeed))
        {
            v = -MaxSpeed;
            v32 = false;
        }

        // position += velocity
        if (p32 && v32)
        {
            p = AddF32(p, v);
        }
        else if (p32)
        {
            p = AddF32(p, F32(v)); // np.float32 + Python float
        }
        else
        {
            p += v; // np.float64 + np.float32 / Python float: float64
            p32 = false;
        }

        if (Greater(p, p32, MaxPosition))
        {
            p = MaxPosition;
            p32 = false;
        }

        if (Less(p, p32, MinPosition))
        {
            p = MinPosition;
            p32 = false;
        }

        // if position == self.min_position and velocity < 0: velocity = 0
        if (Equal(p, p32, MinPosition) && v < 0)
        {
            v = 0;
            v32 = false;
        }

        // terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        bool terminated = !Less(p, p32, GoalPosition) && !Less(v, v32, GoalVelocity);

        // reward = 0; if terminated: reward = 100.0; reward -= math.pow(action[0], 2) * 0.1 (unclipped action).
        // The square of a float32 value is exact in double, so pow (within an ulp) returns it and a * a is the same number.
        double reward = terminated ? GoalReward : 0.0;
        reward -= (a * a) * ActionCost;

        // self.state = np.array([position, velocity], dtype=np.float32)
        position = F32(p);
        velocity = F32(v);
        stateIsFloat32 = true;
        WriteObservation(observation);
        return new StepResult(reward, terminated, false);
    }

    // x (op) y for y a Python float: in float32 when x is an np.float32 (NEP 50), in double otherwise.
    private static bool Greater(double x, bool x32, double y) => x32 ? x > F32(y) : x > y;

    private static bool Less(double x, bool x32, double y) => x32 ? x < F32(y) : x < y;

    private static bool Equal(double x, bool x32, double y) => x32 ? x == F32(y) : x == y;

    private void WriteObservation(Span<double> observation)
    {
        observation[0] = F32(position);
        observation[1] = F32(velocity);
    }
}
