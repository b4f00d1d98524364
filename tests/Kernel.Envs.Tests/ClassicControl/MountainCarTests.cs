using Kernel.Envs.ClassicControl;
using Xunit;

namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>
/// MountainCar-v0 against Gymnasium's mountain_car.py (commit 3f0476a8) restated here: a float64 state,
/// velocity += (action - 1) 0.001 - 0.0025 cos(3 position) clipped to 0.07, position += velocity clipped to
/// [-1.2, 0.6], the left wall stopping a car that runs into it, and -1 per step.
/// </summary>
public class MountainCarTests
{
    [Fact]
    public void ConstantsAndSpacesAreGymnasiums()
    {
        Assert.Equal("MountainCar-v0", MountainCar.EnvId);
        Assert.Equal(-1.2, MountainCar.MinPosition);
        Assert.Equal(0.6, MountainCar.MaxPosition);
        Assert.Equal(0.07, MountainCar.MaxSpeed);
        Assert.Equal(0.5, MountainCar.GoalPosition);
        Assert.Equal(0.001, MountainCar.Force);
        Assert.Equal(0.0025, MountainCar.Gravity);
        Assert.Equal(-1.0, MountainCar.StepReward);
        Assert.Equal(-0.6, MountainCar.ResetLow);
        Assert.Equal(-0.4, MountainCar.ResetHigh);

        var env = new MountainCar();
        Assert.Equal(0.0, env.GoalVelocity);
        Assert.Equal(2, env.StateSize);
        Assert.Equal(3, Assert.IsType<DiscreteSpace>(env.ActionSpace).Count);

        // Box bounds are float32 (self.low / self.high are float32 arrays): 0.6, 1.2 and 0.07 are not float32 numbers.
        Assert.NotEqual(0.07, (double)(float)0.07);
        Assert.Equal([(double)(float)-1.2, (double)(float)-0.07], env.ObservationSpace.Low.ToArray());
        Assert.Equal([(double)(float)0.6, (double)(float)0.07], env.ObservationSpace.High.ToArray());
        Assert.Equal(200, ((EnvBase)Envs.Make("MountainCar-v0")).MaxEpisodeSteps);
    }

    [Fact]
    public void AHandCheckedFirstStepFromAGivenState()
    {
        // From (-0.5, 0.01) pushing right (action 2): v = 0.01 + (2 - 1) 0.001 + cos(-1.5) (-0.0025), p = -0.5 + v.
        double velocity = 0.01 + ((1 * 0.001) + (Math.Cos(3 * -0.5) * -0.0025));
        double position = -0.5 + velocity;

        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];
        env.SetState([-0.5, 0.01]);
        Assert.Equal(new StepResult(-1.0, false, false), env.Step([2], observation));
        env.GetState(state);
        Assert.Equal([position, velocity], state);
        Assert.Equal([(float)position, (float)velocity], observation);

        // Gymnasium's own numbers: a scratch copy of MountainCarEnv.step (commit 3f0476a8) run with NumPy 1.24.2
        // (np._set_promotion_state('weak')) from self.state = np.array([-0.5, 0.01]), action 2, printed with repr.
        Assert.Equal([-0.48917684300416925, 0.010823156995830743], state);
        Assert.Equal([-0.48917683959007263, 0.01082315668463707], observation);
    }

    [Fact]
    public void EveryActionAddsItsPushToTheSameGravityTerm()
    {
        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];
        for (int action = 0; action < 3; action++)
        {
            env.SetState([-0.3, -0.02]);
            env.Step([action], observation);
            env.GetState(state);
            double velocity = -0.02 + (((action - 1) * 0.001) + (Math.Cos(3 * -0.3) * -0.0025));
            Assert.Equal([-0.3 + velocity, velocity], state);
        }
    }

    [Fact]
    public void TheVelocityIsClippedAtBothBounds()
    {
        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];

        // At -1.0 the slope pulls right (cos(-3) < 0): 0.069 + 0.001 + 0.0025 * 0.99 exceeds 0.07.
        Assert.True(0.069 + 0.001 + (Math.Cos(-3.0) * -0.0025) > 0.07);
        env.SetState([-1.0, 0.069]);
        env.Step([2], observation);
        env.GetState(state);
        Assert.Equal([-1.0 + 0.07, 0.07], state);
        Assert.Equal((float)0.07, observation[1]);

        // At 0.3 the slope pulls left: -0.069 - 0.001 - 0.0025 cos(0.9) is below -0.07.
        Assert.True(-0.069 - 0.001 + (Math.Cos(0.9) * -0.0025) < -0.07);
        env.SetState([0.3, -0.069]);
        env.Step([0], observation);
        env.GetState(state);
        Assert.Equal([0.3 - 0.07, -0.07], state);
        Assert.Equal((float)-0.07, observation[1]);
    }

    [Fact]
    public void AtTheLeftWallThePositionIsClippedAndANegativeVelocityIsResetToZero()
    {
        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];
        double velocity = -0.06 + ((-1 * 0.001) + (Math.Cos(3 * -1.15) * -0.0025));
        Assert.True(-1.15 + velocity < -1.2);
        env.SetState([-1.15, -0.06]);
        Assert.Equal(new StepResult(-1.0, false, false), env.Step([0], observation));
        env.GetState(state);
        Assert.Equal([-1.2, 0.0], state);
        Assert.Equal([(float)-1.2, 0.0], observation);

        // Leaving the wall: a positive velocity is kept, the position moves off -1.2.
        env.Step([2], observation);
        env.GetState(state);
        double away = 0.0 + ((1 * 0.001) + (Math.Cos(3 * -1.2) * -0.0025));
        Assert.True(away > 0);
        Assert.Equal([-1.2 + away, away], state);

        // At the wall still moving left and pushing left: the slope's pull (+0.0022) does not turn the car, so it stops again.
        Assert.True(-0.01 + ((-1 * 0.001) + (Math.Cos(3 * -1.2) * -0.0025)) < 0);
        env.SetState([-1.2, -0.01]);
        env.Step([0], observation);
        env.GetState(state);
        Assert.Equal([-1.2, 0.0], state);
    }

    [Fact]
    public void ThePositionIsClippedAtTheRightEdge()
    {
        var env = new MountainCar(Options("goal_velocity=0.5"));
        var observation = new double[2];
        var state = new double[2];
        double velocity = 0.06 + ((1 * 0.001) + (Math.Cos(3 * 0.58) * -0.0025));
        Assert.True(0.58 + velocity > 0.6);
        env.SetState([0.58, 0.06]);
        Assert.Equal(new StepResult(-1.0, false, false), env.Step([2], observation));
        env.GetState(state);
        Assert.Equal([0.6, velocity], state);
        Assert.Equal((float)0.6, observation[0]);
    }

    [Fact]
    public void ReachingTheGoalTerminatesWithTheUsualMinusOne()
    {
        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];

        // From 0.49 with 0.02 the car crosses 0.5 with a positive velocity.
        env.SetState([0.49, 0.02]);
        Assert.Equal(new StepResult(-1.0, true, false), env.Step([2], observation));
        env.GetState(state);
        Assert.True(state[0] >= 0.5 && state[1] >= 0.0);
        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
        Assert.Contains("MountainCar-v0: step 2 was requested after the episode ended", after.Message, StringComparison.Ordinal);

        // Just short of the line the episode goes on.
        env.SetState([0.47, 0.02]);
        Assert.Equal(new StepResult(-1.0, false, false), env.Step([1], observation));
        env.GetState(state);
        Assert.True(state[0] < 0.5);
    }

    [Fact]
    public void TheGoalVelocityOptionChangesTerminationAndBadOrUnknownOptionsAreRejected()
    {
        // The same crossing as above ends at velocity ~0.0199: below 0.03, above 0.01.
        var observation = new double[2];
        var strict = new MountainCar(Options("goal_velocity=0.03"));
        Assert.Equal(0.03, strict.GoalVelocity);
        strict.SetState([0.49, 0.02]);
        Assert.False(strict.Step([2], observation).Terminated);
        var loose = (MountainCar)Envs.Make("MountainCar-v0", Options("goal_velocity=0.01"));
        loose.SetState([0.49, 0.02]);
        Assert.True(loose.Step([2], observation).Terminated);

        ArgumentException invalid = Assert.Throws<ArgumentException>(() => new MountainCar(Options("goal_velocity=fast")));
        Assert.Equal("goal_velocity", invalid.ParamName);
        Assert.Contains("'fast'", invalid.Message, StringComparison.Ordinal);
        Assert.Equal("goal_velocity", Assert.Throws<ArgumentException>(() => new MountainCar(Options("goal_velocity=nan"))).ParamName);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => Envs.Make("MountainCar-v0", Options("force=0.002")));
        Assert.Contains("MountainCar-v0", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'force'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResetDrawsThePositionInFloat64AndObservesItAsFloat32()
    {
        var env = new MountainCar();
        var observation = new double[2];
        var state = new double[2];
        bool sawRounding = false;
        for (ulong seed = 0; seed < 50; seed++)
        {
            env.Reset(seed, observation);
            env.GetState(state);
            Assert.Equal([new KernelRandom(seed).Uniform(-0.6, -0.4), 0.0], state);
            Assert.Equal([(float)state[0], 0.0], observation);
            sawRounding |= observation[0] != state[0];
        }

        Assert.True(sawRounding);
    }

    [Fact]
    public void ASeededFullEpisodeIsBitReproducibleAndTruncatesAt200()
    {
        (List<double[]> first, List<StepResult> firstResults) = Episode(seed: 5);
        (List<double[]> second, List<StepResult> secondResults) = Episode(seed: 5);
        (List<double[]> other, _) = Episode(seed: 6);
        Assert.Equal(201, first.Count);
        for (int t = 0; t < first.Count; t++)
        {
            Assert.Equal(first[t], second[t]);
        }

        Assert.Equal(firstResults, secondResults);
        Assert.NotEqual(first[0], other[0]);
        for (int t = 0; t < 200; t++)
        {
            Assert.Equal(new StepResult(-1.0, false, t == 199), firstResults[t]);
        }
    }

    [Fact]
    public void GetStateAndSetStateRoundTripAndContinueTheSameEpisode()
    {
        var original = new MountainCar();
        var copy = new MountainCar();
        var observation = new double[2];
        var copyObservation = new double[2];
        original.Reset(9, observation);
        for (int t = 0; t < 40; t++)
        {
            original.Step([(t / 10) % 2 == 0 ? 0 : 2], observation);
        }

        var state = new double[2];
        original.GetState(state);
        copy.SetState(state);
        var copied = new double[2];
        copy.GetState(copied);
        Assert.Equal(state, copied);
        for (int t = 0; t < 60; t++)
        {
            Assert.Equal(original.Step([t % 3], observation), copy.Step([t % 3], copyObservation));
            Assert.Equal(observation, copyObservation);
        }

        Assert.Equal("state", Assert.Throws<ArgumentException>(() => copy.SetState([0.0, 0.0, 0.0])).ParamName);
        Assert.Contains("state[0] = NaN", Assert.Throws<ArgumentException>(() => copy.SetState([double.NaN, 0.0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadActionsAndOutOfOrderCallsGetEnvBaseErrors()
    {
        var env = new MountainCar();
        var observation = new double[2];
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
        Assert.Contains("MountainCar-v0: Step was called before Reset", early.Message, StringComparison.Ordinal);

        env.Reset(0, observation);
        foreach ((double bad, string text) in new[] { (3.0, "3"), (-1.0, "-1"), (1.5, "1.5") })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => env.Step([bad], observation));
            Assert.Equal("action", error.ParamName);
            Assert.Contains($"MountainCar-v0: step 1: action[0] = {text} is not one of 0..2", error.Message, StringComparison.Ordinal);
        }

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Contains("MountainCar-v0: step 1: action[0] = NaN is not finite", nan.Message, StringComparison.Ordinal);
        ArgumentException inf = Assert.Throws<ArgumentException>(() => env.Step([double.PositiveInfinity], observation));
        Assert.Contains("action[0] = Infinity is not finite", inf.Message, StringComparison.Ordinal);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([1, 1], observation));
        Assert.Equal("action", length.ParamName);
        Assert.Contains("MountainCar-v0: step 1: the action has 2 values", length.Message, StringComparison.Ordinal);
        Assert.Equal(0, env.ElapsedSteps);

        env.Step([1], observation);
        Assert.Contains("step 2: action[0] = 7", Assert.Throws<ArgumentException>(() => env.Step([7], observation)).Message, StringComparison.Ordinal);
    }

    private static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);

    private static (List<double[]> Observations, List<StepResult> Results) Episode(ulong seed)
        => EpisodeRecording.Run("MountainCar-v0", seed, seed + 100, a => a.NextInt(3));
}
