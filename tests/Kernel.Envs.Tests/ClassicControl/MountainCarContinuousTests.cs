using Kernel.Envs.ClassicControl;
using Xunit;

namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>
/// MountainCarContinuous-v0 against Gymnasium's continuous_mountain_car.py (commit 3f0476a8) restated here with
/// NumPy 2's (NEP 50) dtypes: the action is an np.float32, a state fresh from reset is float64, a state after a
/// step is float32. A float32 force keeps <c>force * 0.0015 - 0.0025 cos(3 p)</c> in float32; a clipped force is
/// the Python float bound and keeps it in float64.
/// </summary>
public class MountainCarContinuousTests
{
    [Fact]
    public void ConstantsAndSpacesAreGymnasiums()
    {
        Assert.Equal("MountainCarContinuous-v0", MountainCarContinuous.EnvId);
        Assert.Equal(-1.0, MountainCarContinuous.MinAction);
        Assert.Equal(1.0, MountainCarContinuous.MaxAction);
        Assert.Equal(-1.2, MountainCarContinuous.MinPosition);
        Assert.Equal(0.6, MountainCarContinuous.MaxPosition);
        Assert.Equal(0.07, MountainCarContinuous.MaxSpeed);
        Assert.Equal(0.45, MountainCarContinuous.GoalPosition);
        Assert.Equal(0.0015, MountainCarContinuous.Power);
        Assert.Equal(0.0025, MountainCarContinuous.GravityCoefficient);
        Assert.Equal(100.0, MountainCarContinuous.GoalReward);
        Assert.Equal(0.1, MountainCarContinuous.ActionCost);
        Assert.Equal(-0.6, MountainCarContinuous.ResetLow);
        Assert.Equal(-0.4, MountainCarContinuous.ResetHigh);

        var env = new MountainCarContinuous();
        Assert.Equal(0.0, env.GoalVelocity);
        Assert.Equal(2, env.StateSize);
        var actions = Assert.IsType<BoxSpace>(env.ActionSpace);
        Assert.Equal([-1.0], actions.Low.ToArray());
        Assert.Equal([1.0], actions.High.ToArray());
        Assert.Equal([(double)(float)-1.2, (double)(float)-0.07], env.ObservationSpace.Low.ToArray());
        Assert.Equal([(double)(float)0.6, (double)(float)0.07], env.ObservationSpace.High.ToArray());
        Assert.Equal(999, ((EnvBase)Envs.Make("MountainCarContinuous-v0")).MaxEpisodeSteps);
    }

    [Fact]
    public void AHandCheckedFirstStepFromAFloat64StateAndASecondFromTheFloat32One()
    {
        // Step 1 from the float64 state (-0.5, 0.01) with a = f32(0.7): the increment is float32,
        // f32(f32(a * f32(0.0015)) - f32(0.0025 cos(-1.5))); v and p add in float64; the state is stored as float32.
        double a = (float)0.7;
        double increment = (float)((float)(a * (float)0.0015) - (float)(0.0025 * Math.Cos(3 * -0.5)));
        double velocity = 0.01 + increment;
        double position = -0.5 + velocity;
        double[] expected = [(float)position, (float)velocity];

        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];
        env.SetState([-0.5, 0.01]);
        StepResult first = env.Step([0.7], observation);
        env.GetState(state);
        Assert.Equal(expected, state);
        Assert.Equal(expected, observation);
        Assert.Equal(new StepResult(-(a * a * 0.1), false, false), first);

        // Step 2 with a = f32(-0.3): every operation now rounds to float32, the cos argument 3 p included.
        double b = (float)-0.3;
        double gravity = 0.0025 * Math.Cos((float)(3 * expected[0]));
        double increment2 = (float)((float)(b * (float)0.0015) - (float)gravity);
        double velocity2 = (float)(expected[1] + increment2);
        double position2 = (float)(expected[0] + velocity2);
        StepResult second = env.Step([-0.3], observation);
        env.GetState(state);
        Assert.Equal([position2, velocity2], state);
        Assert.Equal(new StepResult(-(b * b * 0.1), false, false), second);

        // Gymnasium's own numbers: a scratch copy of Continuous_MountainCarEnv.step (commit 3f0476a8) run with NumPy
        // 1.24.2 under np._set_promotion_state('weak') (NEP 50, as NumPy 2) from self.state = np.array([-0.5, 0.01])
        // with actions np.array([0.7], dtype=np.float32) then np.array([-0.3], dtype=np.float32), printed with repr.
        var gymnasium = new MountainCarContinuous();
        gymnasium.SetState([-0.5, 0.01]);
        Assert.Equal(-0.048999998331069966, gymnasium.Step([0.7], observation).Reward);
        gymnasium.GetState(state);
        Assert.Equal([-0.4891268312931061, 0.010873156599700451], state);
        Assert.Equal(-0.009000000715255752, gymnasium.Step([-0.3], observation).Reward);
        gymnasium.GetState(state);
        Assert.Equal([-0.4789617657661438, 0.01016507763415575], state);
    }

    [Fact]
    public void SetStateOfFloat32ValuesContinuesAsGymnasiumsFloat32State()
    {
        // The state after Gymnasium's first step above, set directly: both values are float32 numbers, so the
        // step runs in float32 and reproduces Gymnasium's second step.
        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];
        env.SetState([-0.4891268312931061, 0.010873156599700451]);
        env.Step([-0.3], observation);
        env.GetState(state);
        Assert.Equal([-0.4789617657661438, 0.01016507763415575], state);
    }

    [Fact]
    public void ReachingTheGoalPays100MinusTheCostOfTheUnclippedAction()
    {
        // From (0.44, 0.02) with a = 1.5, clipped to the Python float 1.0: float64 arithmetic, cost 0.1 * 1.5^2.
        double velocity = 0.02 + ((1.0 * 0.0015) - (0.0025 * Math.Cos(3 * 0.44)));
        double position = 0.44 + velocity;
        Assert.True(position >= 0.45 && velocity >= 0);

        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];
        env.SetState([0.44, 0.02]);
        StepResult result = env.Step([1.5], observation);
        env.GetState(state);
        Assert.Equal([(float)position, (float)velocity], state);
        Assert.Equal(new StepResult(100.0 - (1.5 * 1.5 * 0.1), true, false), result);

        // Gymnasium's numbers (same provenance as the hand-checked step; action np.array([1.5], dtype=np.float32)).
        Assert.Equal(99.775, result.Reward);
        Assert.Equal([0.4608795642852783, 0.020879561081528664], state);
        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([0.0], observation));
        Assert.Contains("MountainCarContinuous-v0: step 2 was requested after the episode ended", after.Message, StringComparison.Ordinal);

        // One step short of the goal line the episode goes on and pays only the action cost.
        env.SetState([0.40, 0.02]);
        StepResult shortOf = env.Step([0.5], observation);
        Assert.False(shortOf.Terminated);
        Assert.Equal(-(0.5 * 0.5 * 0.1), shortOf.Reward);
    }

    [Fact]
    public void ActionsBeyondTheBoundsMoveTheCarAsTheBoundButCostTheirFullSquare()
    {
        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            // The clipped force is the Python float bound: float64 arithmetic from the float64 state.
            double velocity = 0.01 + ((sign * 0.0015) - (0.0025 * Math.Cos(3 * -0.5)));
            env.SetState([-0.5, 0.01]);
            StepResult result = env.Step([sign * 4.0], observation);
            env.GetState(state);
            Assert.Equal([(float)(-0.5 + velocity), (float)velocity], state);
            Assert.Equal(-(16.0 * 0.1), result.Reward);
        }
    }

    [Fact]
    public void TheVelocityIsClippedAtBothBounds()
    {
        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];

        // At -1.0 the slope pulls right: 0.069 + 0.0015 + 0.0025 * 0.99 > 0.07; the clipped 0.07 is then stored as float32.
        Assert.True(0.069 + 0.0015 - (0.0025 * Math.Cos(-3.0)) > 0.07);
        env.SetState([-1.0, 0.069]);
        env.Step([1.0], observation);
        env.GetState(state);
        Assert.Equal([(float)(-1.0 + 0.07), (float)0.07], state);

        Assert.True(-0.069 - 0.0015 - (0.0025 * Math.Cos(0.9)) < -0.07);
        env.SetState([0.3, -0.069]);
        env.Step([-1.0], observation);
        env.GetState(state);
        Assert.Equal([(float)(0.3 - 0.07), (float)-0.07], state);
        Assert.Equal(state, observation);
    }

    [Fact]
    public void ThePositionIsClippedAtBothEdgesAndTheLeftWallStopsTheCar()
    {
        var env = new MountainCarContinuous();
        var observation = new double[2];
        var state = new double[2];

        double velocity = -0.06 + ((-1.0 * 0.0015) - (0.0025 * Math.Cos(3 * -1.15)));
        Assert.True(-1.15 + velocity < -1.2);
        env.SetState([-1.15, -0.06]);
        Assert.Equal(new StepResult(-0.1, false, false), env.Step([-1.0], observation));
        env.GetState(state);
        Assert.Equal([(float)-1.2, 0.0], state);
        Assert.Equal([(float)-1.2, 0.0], observation);

        // Past the right edge: clipped to 0.6, which is past the goal, so the step also terminates.
        double right = 0.06 + ((1.0 * 0.0015) - (0.0025 * Math.Cos(3 * 0.58)));
        Assert.True(0.58 + right > 0.6);
        env.SetState([0.58, 0.06]);
        Assert.Equal(new StepResult(100.0 - 0.1, true, false), env.Step([1.0], observation));
        env.GetState(state);
        Assert.Equal([(float)0.6, (float)right], state);
    }

    [Fact]
    public void ActionsAreRoundedToFloat32AndSteppedStatesAreFloat32()
    {
        var env = new MountainCarContinuous();
        var observation = new double[2];
        double single = (float)0.3;
        double neighbour = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(0.3) - 1);
        Assert.Equal(single, (float)neighbour);
        var outcomes = new List<(StepResult Result, double[] State)>();
        foreach (double action in new[] { 0.3, single, neighbour })
        {
            env.SetState([-0.52, 0.003]);
            StepResult result = env.Step([action], observation);
            var state = new double[2];
            env.GetState(state);
            Assert.All(state, x => Assert.Equal((double)(float)x, x));
            Assert.Equal(-(single * single * 0.1), result.Reward);
            outcomes.Add((result, state));
        }

        Assert.All(outcomes, o => Assert.Equal(outcomes[0].State, o.State));

        // Reset leaves a float64 position, observed as float32.
        var state0 = new double[2];
        bool sawRounding = false;
        for (ulong seed = 0; seed < 30; seed++)
        {
            env.Reset(seed, observation);
            env.GetState(state0);
            Assert.Equal([new KernelRandom(seed).Uniform(-0.6, -0.4), 0.0], state0);
            Assert.Equal([(float)state0[0], 0.0], observation);
            sawRounding |= state0[0] != observation[0];
        }

        Assert.True(sawRounding);
    }

    [Fact]
    public void ASeededFullEpisodeIsBitReproducible()
    {
        (List<double[]> first, List<StepResult> firstResults) = Episode(seed: 3);
        (List<double[]> second, List<StepResult> secondResults) = Episode(seed: 3);
        (List<double[]> other, _) = Episode(seed: 4);
        Assert.Equal(first.Count, second.Count);
        for (int t = 0; t < first.Count; t++)
        {
            Assert.Equal(first[t], second[t]);
        }

        Assert.Equal(firstResults, secondResults);
        Assert.NotEqual(first[0], other[0]);
        Assert.True(firstResults[^1].Done);
    }

    [Fact]
    public void EnvsMakeTruncatesAt999Steps()
    {
        // Without force the car only rocks around the valley floor, so the episode can end only by the time limit.
        IEnv env = Envs.Make("MountainCarContinuous-v0");
        var observation = new double[2];
        env.Reset(7, observation);
        for (int step = 1; step <= 999; step++)
        {
            Assert.Equal(new StepResult(0.0, false, step == 999), env.Step([0.0], observation));
        }

        Assert.Throws<InvalidOperationException>(() => env.Step([0.0], observation));
        env.Reset(null, observation);
        Assert.False(env.Step([0.0], observation).Done);
    }

    [Fact]
    public void GetStateAndSetStateRoundTripAndContinueTheSameEpisode()
    {
        var original = new MountainCarContinuous();
        var copy = new MountainCarContinuous();
        var observation = new double[2];
        var copyObservation = new double[2];
        original.Reset(13, observation);
        for (int t = 0; t < 25; t++)
        {
            original.Step([Math.Sin(t / 3.0)], observation);
        }

        var state = new double[2];
        original.GetState(state);
        copy.SetState(state);
        var copied = new double[2];
        copy.GetState(copied);
        Assert.Equal(state, copied);
        for (int t = 0; t < 80; t++)
        {
            Assert.Equal(original.Step([Math.Cos(t / 5.0)], observation), copy.Step([Math.Cos(t / 5.0)], copyObservation));
            Assert.Equal(observation, copyObservation);
        }

        Assert.Equal("state", Assert.Throws<ArgumentException>(() => copy.SetState([0.0])).ParamName);
    }

    [Fact]
    public void TheGoalVelocityOptionChangesTerminationAndBadOrUnknownOptionsAreRejected()
    {
        // The goal crossing above ends at velocity ~0.0209: below 0.03.
        var observation = new double[2];
        var strict = (MountainCarContinuous)Envs.Make("MountainCarContinuous-v0", Options("goal_velocity=0.03"));
        Assert.Equal(0.03, strict.GoalVelocity);
        strict.SetState([0.44, 0.02]);
        Assert.Equal(new StepResult(-(1.5 * 1.5 * 0.1), false, false), strict.Step([1.5], observation));

        ArgumentException invalid = Assert.Throws<ArgumentException>(() => new MountainCarContinuous(Options("goal_velocity=x")));
        Assert.Equal("goal_velocity", invalid.ParamName);
        Assert.Contains("'x'", invalid.Message, StringComparison.Ordinal);
        ArgumentException unknown = Assert.Throws<ArgumentException>(() => new MountainCarContinuous(Options("power=0.002")));
        Assert.Contains("MountainCarContinuous-v0", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'power'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadActionsAndOutOfOrderCallsGetEnvBaseErrors()
    {
        var env = new MountainCarContinuous();
        var observation = new double[2];
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => env.Step([0.0], observation));
        Assert.Contains("MountainCarContinuous-v0: Step was called before Reset", early.Message, StringComparison.Ordinal);

        env.Reset(0, observation);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([0.1, 0.2, 0.3], observation));
        Assert.Equal("action", length.ParamName);
        Assert.Contains("MountainCarContinuous-v0: step 1: the action has 3 values", length.Message, StringComparison.Ordinal);
        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Contains("MountainCarContinuous-v0: step 1: action[0] = NaN is not finite", nan.Message, StringComparison.Ordinal);
        ArgumentException inf = Assert.Throws<ArgumentException>(() => env.Step([double.PositiveInfinity], observation));
        Assert.Contains("action[0] = Infinity is not finite", inf.Message, StringComparison.Ordinal);
        Assert.Equal(0, env.ElapsedSteps);
    }

    private static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);

    private static (List<double[]> Observations, List<StepResult> Results) Episode(ulong seed)
        => EpisodeRecording.Run("MountainCarContinuous-v0", seed, seed + 300, a => a.Uniform(-1.5, 1.5), checkObservationsInSpace: true);
}
