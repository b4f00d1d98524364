using Kernel.Envs.ClassicControl;
using Xunit;

namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>
/// CartPole-v1 against Gymnasium's cartpole.py (commit 3f0476a8) restated here: Florian's equations with explicit
/// Euler (tau = 0.02), a float64 state observed as float32, termination beyond |x| 2.4 or |theta| 12 degrees, and
/// reward 1 per step (Sutton and Barto's variant: 0 per step, -1 on the terminating one).
/// </summary>
public class CartPoleTests
{
    [Fact]
    public void ConstantsAndSpacesAreGymnasiums()
    {
        Assert.Equal("CartPole-v1", CartPole.EnvId);
        Assert.Equal(9.8, CartPole.Gravity);
        Assert.Equal(1.0, CartPole.MassCart);
        Assert.Equal(0.1, CartPole.MassPole);
        Assert.Equal(0.1 + 1.0, CartPole.TotalMass);
        Assert.Equal(0.5, CartPole.Length);
        Assert.Equal(0.1 * 0.5, CartPole.PoleMassLength);
        Assert.Equal(10.0, CartPole.ForceMag);
        Assert.Equal(0.02, CartPole.Tau);
        Assert.Equal(12 * 2 * Math.PI / 360, CartPole.ThetaThresholdRadians);
        Assert.Equal(2.4, CartPole.XThreshold);
        Assert.Equal(0.05, CartPole.ResetHigh);

        var env = new CartPole();
        Assert.False(env.SuttonBartoReward);
        Assert.Equal(4, env.StateSize);
        Assert.Equal(2, Assert.IsType<DiscreteSpace>(env.ActionSpace).Count);
        double thetaBound = (float)(2 * 12 * 2 * Math.PI / 360);
        Assert.NotEqual(4.8, (double)(float)4.8);
        Assert.Equal([(double)(float)4.8, double.PositiveInfinity, thetaBound, double.PositiveInfinity], env.ObservationSpace.High.ToArray());
        Assert.Equal([-(double)(float)4.8, double.NegativeInfinity, -thetaBound, double.NegativeInfinity], env.ObservationSpace.Low.ToArray());
        Assert.Equal(500, ((EnvBase)Envs.Make("CartPole-v1")).MaxEpisodeSteps);
    }

    [Fact]
    public void AHandCheckedFirstStepFromAGivenState()
    {
        // From (x, x_dot, theta, theta_dot) = (0.01, -0.02, 0.03, 0.04) pushing right (force +10):
        // temp = (F + m_p l theta_dot^2 sin theta) / M, theta_acc = (g sin theta - cos theta temp) / (l (4/3 - m_p cos^2 theta / M)),
        // x_acc = temp - m_p l theta_acc cos theta / M; positions advance with the old velocities.
        double sin = Math.Sin(0.03);
        double cos = Math.Cos(0.03);
        double temp = (10.0 + (0.05 * (0.04 * 0.04) * sin)) / 1.1;
        double thetaAcc = ((9.8 * sin) - (cos * temp)) / (0.5 * ((4.0 / 3.0) - (0.1 * (cos * cos) / 1.1)));
        double xAcc = temp - (0.05 * thetaAcc * cos / 1.1);
        double[] expected = [0.01 + (0.02 * -0.02), -0.02 + (0.02 * xAcc), 0.03 + (0.02 * 0.04), 0.04 + (0.02 * thetaAcc)];

        var env = new CartPole();
        var observation = new double[4];
        var state = new double[4];
        env.SetState([0.01, -0.02, 0.03, 0.04]);
        Assert.Equal(new StepResult(1.0, false, false), env.Step([1], observation));
        env.GetState(state);
        Assert.Equal(expected, state);
        Assert.Equal(expected.Select(x => (double)(float)x), observation);

        // Pushing right accelerates the cart right and tips the pole left.
        Assert.True(xAcc > 0 && thetaAcc < 0);

        // Gymnasium's own numbers: a scratch copy of CartPoleEnv.step (commit 3f0476a8) run with NumPy 1.24.2 under
        // np._set_promotion_state('weak'), np.cos/np.sin replaced by math.cos/math.sin wrapped in np.float64 (that
        // NumPy's SVML float64 cos/sin differ from the C library's in the last bit), from self.state =
        // np.array([0.01, -0.02, 0.03, 0.04]) with action 1, printed with repr.
        Assert.Equal([0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081], state);
        Assert.Equal([0.009600000455975533, 0.17467918992042542, 0.030799999833106995, -0.24306872487068176], observation);
    }

    [Fact]
    public void TheTwoActionsPushWithOppositeForcesAndMirrorTheStep()
    {
        // The equations are odd under (state, force) -> -(state, force); sin and cos are exactly odd and even, so the
        // mirrored step is the exact negation.
        var env = new CartPole();
        var observation = new double[4];
        var forward = new double[4];
        var mirrored = new double[4];
        var random = new KernelRandom(17);
        for (int trial = 0; trial < 50; trial++)
        {
            double[] start = [random.Uniform(-2, 2), random.Uniform(-2, 2), random.Uniform(-0.2, 0.2), random.Uniform(-2, 2)];
            int action = random.NextInt(2);
            env.SetState(start);
            env.Step([action], observation);
            env.GetState(forward);
            env.SetState(start.Select(x => -x).ToArray());
            env.Step([1 - action], observation);
            env.GetState(mirrored);
            Assert.Equal(forward.Select(x => -x), mirrored);
        }
    }

    [Fact]
    public void CrossingEitherThresholdTerminatesWithRewardOneOrSuttonBartosMinusOne()
    {
        var observation = new double[4];
        var state = new double[4];
        double[][] starts =
        [
            [2.39, 1.0, 0.0, 0.0],                                   // x passes 2.4 (x += 0.02 * 1.0)
            [-2.39, -1.0, 0.0, 0.0],                                 // x passes -2.4
            [0.0, 0.0, CartPole.ThetaThresholdRadians - 0.001, 0.1], // theta passes 12 degrees (theta += 0.002)
            [0.0, 0.0, -CartPole.ThetaThresholdRadians + 0.001, -0.1],
        ];
        foreach (bool suttonBarto in new[] { false, true })
        {
            var env = new CartPole(Options($"sutton_barto_reward={suttonBarto}"));
            foreach (double[] start in starts)
            {
                env.SetState(start);
                StepResult result = env.Step([0], observation);
                env.GetState(state);
                Assert.True(Math.Abs(state[0]) > 2.4 || Math.Abs(state[2]) > CartPole.ThetaThresholdRadians);
                Assert.Equal(new StepResult(suttonBarto ? -1.0 : 1.0, true, false), result);
                InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([0], observation));
                Assert.Contains($"CartPole-v1: step {env.ElapsedSteps + 1} was requested after the episode ended", after.Message, StringComparison.Ordinal);

                // Half as close, and moving half as fast, the step stays inside: reward 1, or 0 for Sutton and Barto.
                double[] inside = [start[0] * 0.5, start[1] * 0.5, start[2] * 0.5, start[3] * 0.5];
                env.SetState(inside);
                Assert.Equal(new StepResult(suttonBarto ? 0.0 : 1.0, false, false), env.Step([0], observation));
            }
        }

        // Exactly on a threshold is not beyond it: the tests are strict inequalities.
        var edge = new CartPole();
        edge.SetState([2.4, 0.0, 0.0, 0.0]);
        Assert.False(edge.Step([1], observation).Terminated);
    }

    [Fact]
    public void PositionsAdvanceWithTheOldVelocitiesUnclipped()
    {
        // CartPole clips nothing: a large velocity carries the cart straight past the observation bound of 4.8.
        var env = new CartPole();
        var observation = new double[4];
        var state = new double[4];
        env.SetState([4.7, 10.0, 0.0, 0.0]);
        Assert.True(env.Step([1], observation).Terminated);
        env.GetState(state);
        Assert.Equal(4.7 + (0.02 * 10.0), state[0]);
        Assert.Equal((double)(float)state[0], observation[0]);
        Assert.True(observation[0] > env.ObservationSpace.High[0]);
    }

    [Fact]
    public void ResetDrawsEveryCoordinateInFloat64AndObservesItAsFloat32()
    {
        var env = new CartPole();
        var observation = new double[4];
        var state = new double[4];
        bool sawRounding = false;
        for (ulong seed = 0; seed < 50; seed++)
        {
            env.Reset(seed, observation);
            env.GetState(state);
            var mirror = new KernelRandom(seed);
            Assert.Equal(Enumerable.Range(0, 4).Select(_ => mirror.Uniform(-0.05, 0.05)), state);
            Assert.Equal(state.Select(x => (double)(float)x), observation);
            sawRounding |= !state.SequenceEqual(observation);
        }

        Assert.True(sawRounding);
    }

    [Fact]
    public void ASeededFullEpisodeIsBitReproducible()
    {
        (List<double[]> first, List<StepResult> firstResults) = Episode(seed: 21);
        (List<double[]> second, List<StepResult> secondResults) = Episode(seed: 21);
        (List<double[]> other, _) = Episode(seed: 22);
        Assert.Equal(first.Count, second.Count);
        for (int t = 0; t < first.Count; t++)
        {
            Assert.Equal(first[t], second[t]);
        }

        Assert.Equal(firstResults, secondResults);
        Assert.NotEqual(first[0], other[0]);
        Assert.True(firstResults[^1].Terminated);
        Assert.All(firstResults, r => Assert.Equal(1.0, r.Reward));
    }

    [Fact]
    public void EnvsMakeTruncatesAt500Steps()
    {
        // A simple balancing controller (push towards where the pole leans, with the cart's drift) keeps it up.
        IEnv env = Envs.Make("CartPole-v1");
        var observation = new double[4];
        env.Reset(1, observation);
        for (int step = 1; step <= 500; step++)
        {
            double lean = observation[2] + (0.5 * observation[3]) + (0.01 * observation[0]) + (0.05 * observation[1]);
            Assert.Equal(new StepResult(1.0, false, step == 500), env.Step([lean > 0 ? 1 : 0], observation));
        }

        Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
    }

    [Fact]
    public void GetStateAndSetStateRoundTripAndContinueTheSameEpisode()
    {
        var original = new CartPole();
        var copy = new CartPole();
        var observation = new double[4];
        var copyObservation = new double[4];
        original.Reset(2, observation);
        for (int t = 0; t < 6; t++)
        {
            original.Step([t % 2], observation);
        }

        var state = new double[4];
        original.GetState(state);
        copy.SetState(state);
        var copied = new double[4];
        copy.GetState(copied);
        Assert.Equal(state, copied);
        for (int t = 0; t < 8; t++)
        {
            StepResult a = original.Step([(t / 2) % 2], observation);
            Assert.Equal(a, copy.Step([(t / 2) % 2], copyObservation));
            Assert.Equal(observation, copyObservation);
            if (a.Done)
            {
                break;
            }
        }

        Assert.Equal("state", Assert.Throws<ArgumentException>(() => copy.SetState([0.0, 0.0])).ParamName);
        Assert.Contains("state[3] = NaN", Assert.Throws<ArgumentException>(() => copy.SetState([0.0, 0.0, 0.0, double.NaN])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRewardOptionIsParsedAndBadOrUnknownOptionsAreRejected()
    {
        Assert.True(new CartPole(Options("sutton_barto_reward=true")).SuttonBartoReward);
        Assert.False(((CartPole)Envs.Make("CartPole-v1", Options("sutton_barto_reward=false"))).SuttonBartoReward);

        ArgumentException invalid = Assert.Throws<ArgumentException>(() => new CartPole(Options("sutton_barto_reward=maybe")));
        Assert.Equal("sutton_barto_reward", invalid.ParamName);
        Assert.Contains("'maybe'", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", invalid.Message, StringComparison.Ordinal);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => Envs.Make("CartPole-v1", Options("force_mag=20")));
        Assert.Contains("CartPole-v1", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'force_mag'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadActionsAndOutOfOrderCallsGetEnvBaseErrors()
    {
        var env = new CartPole();
        var observation = new double[4];
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => env.Step([0], observation));
        Assert.Contains("CartPole-v1: Step was called before Reset", early.Message, StringComparison.Ordinal);

        env.Reset(0, observation);
        foreach ((double bad, string text) in new[] { (2.0, "2"), (-1.0, "-1"), (0.5, "0.5") })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => env.Step([bad], observation));
            Assert.Equal("action", error.ParamName);
            Assert.Contains($"CartPole-v1: step 1: action[0] = {text} is not one of 0..1", error.Message, StringComparison.Ordinal);
        }

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Contains("CartPole-v1: step 1: action[0] = NaN is not finite", nan.Message, StringComparison.Ordinal);
        ArgumentException inf = Assert.Throws<ArgumentException>(() => env.Step([double.NegativeInfinity], observation));
        Assert.Contains("action[0] = -Infinity is not finite", inf.Message, StringComparison.Ordinal);
        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([], observation));
        Assert.Equal("action", length.ParamName);
        Assert.Contains("CartPole-v1: step 1: the action has 0 values", length.Message, StringComparison.Ordinal);
        Assert.Equal(0, env.ElapsedSteps);
    }

    private static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);

    private static (List<double[]> Observations, List<StepResult> Results) Episode(ulong seed)
        => EpisodeRecording.Run("CartPole-v1", seed, seed + 700, a => a.NextInt(2));
}
