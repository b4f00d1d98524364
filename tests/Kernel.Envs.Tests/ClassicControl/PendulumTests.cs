using Kernel.Envs.ClassicControl;
using Xunit;

namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>
/// Pendulum-v1 against Gymnasium's pendulum.py (commit 3f0476a8) restated here: the float32 action clipped to
/// [-2, 2], the cost from the state before the step, semi-implicit Euler with dt = 0.05 and the speed clip at 8.
/// NumPy 2 (NEP 50) keeps <c>0.001 * u**2</c> and <c>3.0 * u</c> in float32, so the restatement does too.
/// </summary>
public class PendulumTests
{
    [Fact]
    public void ConstantsAndSpacesAreGymnasiums()
    {
        Assert.Equal("Pendulum-v1", Pendulum.EnvId);
        Assert.Equal(8.0, Pendulum.MaxSpeed);
        Assert.Equal(2.0, Pendulum.MaxTorque);
        Assert.Equal(0.05, Pendulum.Dt);
        Assert.Equal(1.0, Pendulum.Mass);
        Assert.Equal(1.0, Pendulum.Length);
        Assert.Equal(Math.PI, Pendulum.DefaultX);
        Assert.Equal(1.0, Pendulum.DefaultY);

        var env = new Pendulum();
        Assert.Equal(10.0, env.Gravity);
        Assert.Equal(2, env.StateSize);
        Assert.Equal([1.0, 1.0, 8.0], env.ObservationSpace.High.ToArray());
        Assert.Equal([-1.0, -1.0, -8.0], env.ObservationSpace.Low.ToArray());
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([-2.0], actions.Low.ToArray());
        Assert.Equal([2.0], actions.High.ToArray());
        Assert.Equal(200, ((EnvBase)Envs.Make("Pendulum-v1")).MaxEpisodeSteps);
    }

    [Fact]
    public void AHandCheckedFirstStepFromAGivenState()
    {
        // From (theta, theta_dot) = (0.3, -0.5) with torque 0.7 (float32 0.699999988...):
        // cost = normalize(0.3)^2 + 0.1 * 0.25 + f32(f32(0.001) * f32(u^2)), theta_dot' = -0.5 + (15 sin 0.3 + f32(3 u)) 0.05.
        double u = (float)0.7;
        Assert.NotEqual(0.7, u);
        double normalized = ((0.3 + Math.PI) % (2 * Math.PI)) - Math.PI; // 0.3 up to the rounding of the shift
        double cost = (normalized * normalized) + (0.1 * (-0.5 * -0.5)) + (float)((float)0.001 * (float)(u * u));
        double thetaDot = -0.5 + (((3 * 10.0 / (2 * 1.0) * Math.Sin(0.3)) + (float)(3.0 * u)) * 0.05);
        double theta = 0.3 + (thetaDot * 0.05);

        var env = new Pendulum();
        var observation = new double[3];
        var state = new double[2];
        env.SetState([0.3, -0.5]);
        StepResult result = env.Step([0.7], observation);
        env.GetState(state);
        Assert.Equal([theta, thetaDot], state);
        Assert.Equal(new StepResult(-cost, false, false), result);
        Assert.Equal([(float)Math.Cos(theta), (float)Math.Sin(theta), (float)thetaDot], observation);

        // Gymnasium's own numbers, from a scratch copy of PendulumEnv.step (commit 3f0476a8) run with NumPy 1.24.2
        // under np._set_promotion_state('weak') (NEP 50, as NumPy 2) with np.sin/np.cos replaced by math.sin/math.cos
        // wrapped in np.float64 (the C library's values, as .NET's), u = np.array([0.7], dtype=np.float32), printed with repr.
        Assert.Equal([0.29133200751138166, -0.1733598497723669], state);
        Assert.Equal([0.957862138748169, 0.2872283458709717, -0.17335985600948334], observation);
        Assert.Equal(-0.11549000000581136, result.Reward);
    }

    [Fact]
    public void ActionsBeyondTheBoundsAreClippedToTheTorqueLimitBeforeCostAndDynamics()
    {
        var env = new Pendulum();
        var observation = new double[3];
        var clipped = new double[2];
        var atBound = new double[2];
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            env.SetState([0.4, 0.2]);
            StepResult beyond = env.Step([sign * 7.5], observation);
            env.GetState(clipped);
            env.SetState([0.4, 0.2]);
            StepResult bound = env.Step([sign * 2.0], observation);
            env.GetState(atBound);
            Assert.Equal(atBound, clipped);
            Assert.Equal(bound, beyond);

            // The torque cost is of the clipped action: 0.001 * 2^2, not 0.001 * 7.5^2.
            double normalized = ((0.4 + Math.PI) % (2 * Math.PI)) - Math.PI;
            Assert.Equal(-((normalized * normalized) + (0.1 * (0.2 * 0.2)) + (float)((float)0.001 * 4.0)), beyond.Reward);
        }

        // Gymnasium's numbers for (3.5, 7.9) with u = 2.5 (same provenance as in the hand-checked step).
        env.SetState([3.5, 7.9]);
        StepResult result = env.Step([2.5], observation);
        env.GetState(clipped);
        Assert.Equal([3.896845628961639, 7.936912579232786], clipped);
        Assert.Equal([-0.7280981540679932, -0.6854729056358337, 7.936912536621094], observation);
        Assert.Equal(-13.991120454290318, result.Reward);
    }

    [Fact]
    public void TheAngularVelocityIsClippedAtBothBoundsBeforeTheAngleAdvances()
    {
        var env = new Pendulum();
        var observation = new double[3];
        var state = new double[2];
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            // Unclipped: 7.9 + (15 + 6) * 0.05 = 8.95 beyond the bound 8.
            double theta = sign * Math.PI / 2;
            double unclipped = (sign * 7.9) + (((15 * Math.Sin(theta)) + (sign * 6.0)) * 0.05);
            Assert.True(Math.Abs(unclipped) > Pendulum.MaxSpeed);
            env.SetState([theta, sign * 7.9]);
            env.Step([sign * 2.0], observation);
            env.GetState(state);
            Assert.Equal([theta + (sign * 8.0 * 0.05), sign * 8.0], state);
            Assert.Equal(sign * 8.0, observation[2]);
        }
    }

    [Fact]
    public void ActionsAreRoundedToFloat32BeforeUse()
    {
        var env = new Pendulum();
        var observation = new double[3];
        double single = (float)1.3;
        double neighbour = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.3) + 1);
        Assert.Equal(single, (float)neighbour);
        var results = new List<(StepResult, double[])>();
        foreach (double action in new[] { 1.3, single, neighbour })
        {
            env.SetState([-1.1, 0.6]);
            StepResult result = env.Step([action], observation);
            var state = new double[2];
            env.GetState(state);
            results.Add((result, state));
        }

        Assert.All(results, r => Assert.Equal(results[0].Item1, r.Item1));
        Assert.All(results, r => Assert.Equal(results[0].Item2, r.Item2));
    }

    [Fact]
    public void ObservationsAreTheFloat32CosSinAndSpeedOfTheFloat64State()
    {
        var env = new Pendulum();
        var observation = new double[3];
        var state = new double[2];
        bool sawRounding = false;
        for (ulong seed = 0; seed < 50; seed++)
        {
            env.Reset(seed, observation);
            env.GetState(state);
            var mirror = new KernelRandom(seed);
            Assert.Equal([mirror.Uniform(-Math.PI, Math.PI), mirror.Uniform(-1, 1)], state);
            Assert.Equal([(float)Math.Cos(state[0]), (float)Math.Sin(state[0]), (float)state[1]], observation);
            sawRounding |= observation[2] != state[1];
            Assert.True(env.ObservationSpace.Contains(observation));
        }

        Assert.True(sawRounding);
    }

    [Fact]
    public void TheCostNormalizesTheAngleSoWholeTurnsCostTheSame()
    {
        // angle_normalize(x) = ((x + pi) mod 2 pi) - pi with a floored mod: -pi maps to -pi, pi to -pi.
        Assert.Equal(-Math.PI, Pendulum.AngleNormalize(Math.PI));
        Assert.Equal(-Math.PI, Pendulum.AngleNormalize(-Math.PI));
        Assert.Equal(0.5 - Math.PI, Pendulum.AngleNormalize(Math.PI + 0.5), 12);
        Assert.Equal(Math.PI - 0.5, Pendulum.AngleNormalize(-Math.PI - 0.5), 12);

        var env = new Pendulum();
        var observation = new double[3];
        foreach (double theta in new[] { 0.3 + (4 * Math.PI), 0.3 - (6 * Math.PI), 3.0, -3.0 })
        {
            env.SetState([theta, 0.0]);
            double normalized = Pendulum.AngleNormalize(theta);
            Assert.InRange(normalized, -Math.PI, Math.PI);
            Assert.Equal(-(normalized * normalized), env.Step([0.0], observation).Reward);
        }
    }

    [Fact]
    public void ASeededFullEpisodeIsBitReproducibleAndTruncatesAt200()
    {
        (List<double[]> first, List<StepResult> firstResults) = Episode(seed: 11);
        (List<double[]> second, List<StepResult> secondResults) = Episode(seed: 11);
        (List<double[]> other, _) = Episode(seed: 12);
        Assert.Equal(201, first.Count);
        for (int t = 0; t < first.Count; t++)
        {
            Assert.Equal(first[t], second[t]);
        }

        Assert.Equal(firstResults, secondResults);
        Assert.NotEqual(first[0], other[0]);
        for (int t = 0; t < 200; t++)
        {
            Assert.False(firstResults[t].Terminated);
            Assert.Equal(t == 199, firstResults[t].Truncated);
        }
    }

    [Fact]
    public void GetStateAndSetStateRoundTripAndContinueTheSameEpisode()
    {
        var original = new Pendulum();
        var copy = new Pendulum();
        var observation = new double[3];
        var copyObservation = new double[3];
        original.Reset(4, observation);
        for (int t = 0; t < 30; t++)
        {
            original.Step([Math.Sin(t)], observation);
        }

        var state = new double[2];
        original.GetState(state);
        copy.SetState(state);
        var copied = new double[2];
        copy.GetState(copied);
        Assert.Equal(state, copied);
        for (int t = 0; t < 50; t++)
        {
            Assert.Equal(original.Step([Math.Cos(t) * 3], observation), copy.Step([Math.Cos(t) * 3], copyObservation));
            Assert.Equal(observation, copyObservation);
        }

        ArgumentException length = Assert.Throws<ArgumentException>(() => copy.SetState([0.0]));
        Assert.Equal("state", length.ParamName);
        Assert.Contains("Pendulum-v1", length.Message, StringComparison.Ordinal);
        ArgumentException infinite = Assert.Throws<ArgumentException>(() => copy.SetState([0.0, double.PositiveInfinity]));
        Assert.Contains("state[1] = Infinity", infinite.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGravityOptionChangesTheDynamicsAndBadOrUnknownOptionsAreRejected()
    {
        var earth = new Pendulum(Options("g=9.81"));
        Assert.Equal(9.81, earth.Gravity);
        var observation = new double[3];
        var state = new double[2];
        earth.SetState([0.3, -0.5]);
        earth.Step([0.7], observation);
        earth.GetState(state);
        double thetaDot = -0.5 + (((3 * 9.81 / 2 * Math.Sin(0.3)) + (float)(3.0 * (float)0.7)) * 0.05);
        Assert.Equal([0.3 + (thetaDot * 0.05), thetaDot], state);
        Assert.NotEqual(0.29133200751138166, state[0]);
        Assert.Equal(9.81, ((Pendulum)Envs.Make("Pendulum-v1", Options("g=9.81"))).Gravity);

        ArgumentException invalid = Assert.Throws<ArgumentException>(() => new Pendulum(Options("g=heavy")));
        Assert.Equal("g", invalid.ParamName);
        Assert.Contains("'heavy'", invalid.Message, StringComparison.Ordinal);
        Assert.Equal("g", Assert.Throws<ArgumentException>(() => new Pendulum(Options("g=inf"))).ParamName);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => Envs.Make("Pendulum-v1", Options("max_torque=3")));
        Assert.Contains("Pendulum-v1", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'max_torque'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadActionsAndOutOfOrderCallsGetEnvBaseErrors()
    {
        var env = new Pendulum();
        var observation = new double[3];
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => env.Step([0.0], observation));
        Assert.Contains("Pendulum-v1: Step was called before Reset", early.Message, StringComparison.Ordinal);

        env.Reset(1, observation);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([0.0, 1.0], observation));
        Assert.Equal("action", length.ParamName);
        Assert.Contains("Pendulum-v1: step 1: the action has 2 values", length.Message, StringComparison.Ordinal);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => env.Step([], observation)).ParamName);

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Equal("action", nan.ParamName);
        Assert.Contains("Pendulum-v1: step 1: action[0] = NaN is not finite", nan.Message, StringComparison.Ordinal);
        ArgumentException inf = Assert.Throws<ArgumentException>(() => env.Step([double.NegativeInfinity], observation));
        Assert.Contains("action[0] = -Infinity is not finite", inf.Message, StringComparison.Ordinal);
        Assert.Equal(0, env.ElapsedSteps);

        env.Step([0.5], observation);
        ArgumentException second = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Contains("step 2: action[0] = NaN", second.Message, StringComparison.Ordinal);

        IEnv limited = Envs.Make("Pendulum-v1");
        limited.Reset(2, observation);
        for (int t = 0; t < 200; t++)
        {
            limited.Step([0.0], observation);
        }

        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => limited.Step([0.0], observation));
        Assert.Contains("Pendulum-v1: step 201 was requested after the episode ended", after.Message, StringComparison.Ordinal);
    }

    private static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);

    private static (List<double[]> Observations, List<StepResult> Results) Episode(ulong seed)
        => EpisodeRecording.Run("Pendulum-v1", seed, seed + 500, a => a.Uniform(-2.5, 2.5));
}
