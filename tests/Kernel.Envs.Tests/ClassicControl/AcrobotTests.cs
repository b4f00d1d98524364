using Kernel.Envs.ClassicControl;
using Xunit;

namespace Kernel.Envs.Tests.ClassicControl;

/// <summary>
/// Acrobot-v1 against a restatement of Gymnasium's acrobot.py (commit 3f0476a8) written here in plain code: _dsdt on
/// the torque-augmented state, rk4 over the sample times [0, dt], wrap, bound and the terminal test. The restatement
/// keeps Python's order of operations (and its C-library pow for <c>**</c>), so steps must agree bit for bit; a second,
/// textbook form of the equations (the 2x2 mass-matrix system solved by Cramer's rule) checks the physics to 1e-12.
/// </summary>
public class AcrobotTests
{
    private static readonly double[] Torques = [-1.0, 0.0, 1.0];

    [Fact]
    public void ConstantsAndSpacesAreGymnasiums()
    {
        Assert.Equal("Acrobot-v1", Acrobot.EnvId);
        Assert.Equal(0.2, Acrobot.Dt);
        Assert.Equal(1.0, Acrobot.LinkLength1);
        Assert.Equal(1.0, Acrobot.LinkLength2);
        Assert.Equal(1.0, Acrobot.LinkMass1);
        Assert.Equal(1.0, Acrobot.LinkMass2);
        Assert.Equal(0.5, Acrobot.LinkCenterOfMass1);
        Assert.Equal(0.5, Acrobot.LinkCenterOfMass2);
        Assert.Equal(1.0, Acrobot.LinkMomentOfInertia);
        Assert.Equal(9.8, Acrobot.Gravity);
        Assert.Equal(4 * Math.PI, Acrobot.MaxVelocity1);
        Assert.Equal(9 * Math.PI, Acrobot.MaxVelocity2);
        Assert.Equal(0.1, Acrobot.ResetHigh);
        Assert.Equal(0.0, Acrobot.DefaultTorqueNoiseMax);
        Assert.Equal(Torques, Acrobot.AvailableTorques.ToArray());

        var env = new Acrobot();
        Assert.Equal("book", env.BookOrNips);
        Assert.Equal(0.0, env.TorqueNoiseMax);
        Assert.Equal(4, env.StateSize);
        Assert.Equal(3, Assert.IsType<DiscreteSpace>(env.ActionSpace).Count);

        // Box bounds are float32: 4 pi and 9 pi rounded to float32, which is not the float64 value.
        double high1 = (float)(4 * Math.PI);
        double high2 = (float)(9 * Math.PI);
        Assert.NotEqual(4 * Math.PI, high1);
        Assert.NotEqual(9 * Math.PI, high2);
        Assert.Equal([1.0, 1.0, 1.0, 1.0, high1, high2], env.ObservationSpace.High.ToArray());
        Assert.Equal([-1.0, -1.0, -1.0, -1.0, -high1, -high2], env.ObservationSpace.Low.ToArray());
    }

    [Fact]
    public void OptionsSelectTheVariantAndTheNoiseAndBadOrUnknownOptionsAreRejected()
    {
        var env = new Acrobot(Options("book_or_nips=NIPS", "torque_noise_max=0.25"));
        Assert.Equal("nips", env.BookOrNips);
        Assert.Equal(0.25, env.TorqueNoiseMax);
        Assert.Equal("book", new Acrobot(Options("book_or_nips=book")).BookOrNips);

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => new Acrobot(Options("link_mass_1=2")));
        Assert.Contains("Acrobot-v1", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'link_mass_1'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'dt'", Assert.Throws<ArgumentException>(() => Envs.Make("Acrobot-v1", Options("dt=0.1"))).Message, StringComparison.Ordinal);

        ArgumentException variant = Assert.Throws<ArgumentException>(() => new Acrobot(Options("book_or_nips=paper")));
        Assert.Equal("book_or_nips", variant.ParamName);
        Assert.Contains("'paper'", variant.Message, StringComparison.Ordinal);
        Assert.Contains("book, nips", variant.Message, StringComparison.Ordinal);

        ArgumentException negative = Assert.Throws<ArgumentException>(() => new Acrobot(Options("torque_noise_max=-0.1")));
        Assert.Equal("torque_noise_max", negative.ParamName);
        Assert.Contains("-0.1", negative.Message, StringComparison.Ordinal);
        Assert.Contains(">= 0", negative.Message, StringComparison.Ordinal);
        Assert.Equal("torque_noise_max", Assert.Throws<ArgumentException>(() => new Acrobot(Options("torque_noise_max=nan"))).ParamName);
    }

    [Fact]
    public void ResetDrawsEachCoordinateInATenthOfZeroRoundedToFloat32()
    {
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];
        bool sawRounding = false;
        for (ulong seed = 0; seed < 200; seed++)
        {
            env.Reset(seed, observation);
            env.GetState(state);
            var mirror = new KernelRandom(seed);
            for (int i = 0; i < 4; i++)
            {
                double drawn = mirror.Uniform(-0.1, 0.1);
                Assert.Equal((double)(float)drawn, state[i]);
                Assert.InRange(state[i], -0.1, 0.1);
                sawRounding |= state[i] != drawn;
            }

            Assert.Equal(Observation(state), observation);
            Assert.True(env.ObservationSpace.Contains(observation));
        }

        Assert.True(sawRounding);
    }

    [Fact]
    public void AStepMatchesTheRestatedDsdtAndRk4BitForBitInBothVariants()
    {
        var random = new KernelRandom(2024);
        var observation = new double[6];
        var actual = new double[4];
        foreach (string variant in new[] { "book", "nips" })
        {
            bool nips = variant == "nips";
            var env = new Acrobot(Options($"book_or_nips={variant}"));
            for (int trial = 0; trial < 300; trial++)
            {
                double[] state =
                [
                    random.Uniform(-Math.PI, Math.PI), random.Uniform(-Math.PI, Math.PI),
                    random.Uniform(-Acrobot.MaxVelocity1, Acrobot.MaxVelocity1), random.Uniform(-Acrobot.MaxVelocity2, Acrobot.MaxVelocity2),
                ];
                int action = random.NextInt(3);
                env.SetState(state);
                StepResult result = env.Step([action], observation);
                env.GetState(actual);

                double[] expected = ReferenceStep(state, Torques[action], nips);
                Assert.Equal(expected, actual);
                Assert.Equal(Observation(expected), observation);
                bool terminal = -Math.Cos(expected[0]) - Math.Cos(expected[1] + expected[0]) > 1.0;
                Assert.Equal(terminal, result.Terminated);
                Assert.Equal(terminal ? 0.0 : -1.0, result.Reward);
                Assert.False(result.Truncated);
            }
        }
    }

    [Fact]
    public void AHandCheckedFirstStepFromAGivenState()
    {
        // From (0.3, -0.5, 1.0, -2.0) with torque +1 (action 2): the restated rk4, one stage at a time.
        double[] y0 = [0.3, -0.5, 1.0, -2.0, 1.0];
        double[] k1 = ReferenceDerivative(y0, nips: false);
        double[] k2 = ReferenceDerivative(Stage(y0, 0.1, k1), nips: false);
        double[] k3 = ReferenceDerivative(Stage(y0, 0.1, k2), nips: false);
        double[] k4 = ReferenceDerivative(Stage(y0, 0.2, k3), nips: false);
        var expected = new double[4];
        for (int i = 0; i < 4; i++)
        {
            expected[i] = y0[i] + (0.2 / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]));
        }

        // The first stage's velocities are the state's; the state stays inside the wrap and bound ranges.
        Assert.Equal([1.0, -2.0], k1[..2]);
        Assert.All(expected[..2], angle => Assert.InRange(angle, -Math.PI, Math.PI));

        var env = new Acrobot();
        var observation = new double[6];
        env.SetState(y0.AsSpan(0, 4));
        StepResult result = env.Step([2], observation);
        var actual = new double[4];
        env.GetState(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(Observation(expected), observation);
        Assert.Equal(new StepResult(-1.0, false, false), result);
    }

    /// <summary>
    /// Outputs of Gymnasium itself: AcrobotEnv.step at commit 3f0476a8 run with NumPy 1.24.2 on CPython 3.11 after
    /// setting env.unwrapped.state (and book_or_nips), printed with repr (shortest round-trip decimals, so each
    /// literal is the exact double). The module's float64 cos and sin were pointed at the C library's (math.cos,
    /// math.sin): that NumPy build uses SVML's vectorized float64 sine and cosine on AVX-512, which differ from the
    /// C library in the last bit for most arguments; float32 cos and sin stayed NumPy's.
    /// </summary>
    public static TheoryData<string, double[], int, double[]> GymnasiumSteps => new()
    {
        { "book", [0.3, -0.5, 1.0, -2.0], 2, [0.4330219534070483, -0.7725956294030004, 0.3083581437635544, -0.692379782091312] },
        { "nips", [0.3, -0.5, 1.0, -2.0], 0, [0.45927481967032546, -0.841753869130623, 0.5565346900253767, -1.3535660258337203] },
        {
            "book", [0.53439889528895, -2.0949843042446936, -24.654030666438782, -79.57490294070013], 1,
            [-0.4648796072357939, -1.2870370071961332, 12.566370614359172, -28.274333882308138]
        },
        { "book", [3.0, -3.0, 4.0, -6.0], 1, [-2.466021224437492, 2.050239224618287, 4.363977120825597, -6.683945480535517] },
        {
            "nips", [-2.9938044813517526, -1.008339574532835, 11.749115667992774, 27.07541471195655], 2,
            [1.4871547829906215, 2.6905534183178483, 12.566370614359172, -1.3698800293672413]
        },
    };

    [Theory]
    [MemberData(nameof(GymnasiumSteps))]
    public void AStepReproducesGymnasiumsOutputBitForBit(string variant, double[] state, int action, double[] expected)
    {
        var env = new Acrobot(Options($"book_or_nips={variant}"));
        var observation = new double[6];
        var actual = new double[4];
        env.SetState(state);
        Assert.Equal(new StepResult(-1.0, false, false), env.Step([action], observation));
        env.GetState(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A200StepRolloutFromAFloat32StateReproducesGymnasiumsOutputBitForBit()
    {
        // Same provenance as GymnasiumSteps: state = np.array([0.05, -0.03, 0.02, -0.07]).astype(np.float32), book
        // dynamics, action (t * t + 1) % 3 at step t = 0..199; the first observation is of the float32 state.
        var env = new Acrobot();
        var observation = new double[6];
        double[] start = [(float)0.05, (float)-0.03, (float)0.02, (float)-0.07];
        Assert.Equal([0.05000000074505806, -0.029999999329447746, 0.019999999552965164, -0.07000000029802322], start);
        Assert.Equal(
            [0.9987502694129944, 0.04997916892170906, 0.9995500445365906, -0.029995499178767204, 0.019999999552965164, -0.07000000029802322],
            Observation(start));

        env.SetState(start);
        for (int t = 0; t < 200; t++)
        {
            Assert.False(env.Step([((t * t) + 1) % 3], observation).Done);
        }

        var state = new double[4];
        env.GetState(state);
        Assert.Equal([-0.04689888248463144, 0.15596014953077925, 0.2771883027517926, -0.5884261067499337], state);
        Assert.Equal([0.9989004731178284, -0.04688169062137604, 0.9878628253936768, 0.1553286612033844, 0.2771883010864258, -0.5884261131286621], observation);
    }

    [Fact]
    public void AStepAgreesWithTheTextbookEquationsOfMotionTo1e12()
    {
        var random = new KernelRandom(77);
        var observation = new double[6];
        var actual = new double[4];
        foreach (bool nips in new[] { false, true })
        {
            var env = new Acrobot(Options($"book_or_nips={(nips ? "nips" : "book")}"));
            for (int trial = 0; trial < 100; trial++)
            {
                // Moderate states, so neither wrap nor bound acts and the comparison is of the dynamics alone.
                double[] state = [random.Uniform(-1, 1), random.Uniform(-1, 1), random.Uniform(-2, 2), random.Uniform(-2, 2)];
                int action = random.NextInt(3);
                env.SetState(state);
                env.Step([action], observation);
                env.GetState(actual);

                double[] expected = TextbookRk4(state, Torques[action], nips);
                for (int i = 0; i < 4; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"trial {trial} coordinate {i}: {actual[i]} vs textbook {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void HangingAtRestWithoutTorqueStaysAtRestUpToTheRoundingOfCosOfARightAngle()
    {
        // Analytically the state (0, 0, 0, 0) with zero torque is an equilibrium. Gymnasium writes gravity as
        // cos(theta - pi / 2), and cos(-pi / 2) is 6.1e-17 in float64, not 0, so the arm drifts by ~1e-16 per step.
        Assert.NotEqual(0.0, Math.Cos(-Math.PI / 2));
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];
        env.SetState([0.0, 0.0, 0.0, 0.0]);
        for (int step = 1; step <= 10; step++)
        {
            StepResult result = env.Step([1], observation);
            env.GetState(state);
            Assert.All(state, x => Assert.True(Math.Abs(x) < 1e-14, $"step {step}: {x}"));
            Assert.Equal(1.0, observation[0]);
            Assert.Equal(1.0, observation[2]);
            Assert.Equal(new StepResult(-1.0, false, false), result);
        }

        Assert.Contains(state, x => x != 0.0);
    }

    [Fact]
    public void TheMirroredStateAndTorqueGiveTheMirroredStep()
    {
        // The equations are odd under (theta, dtheta, torque) -> -(theta, dtheta, torque); the arithmetic is not
        // exactly odd (theta - pi / 2 rounds differently from -theta - pi / 2), hence the 1e-12.
        var random = new KernelRandom(5);
        var observation = new double[6];
        var forward = new double[4];
        var mirrored = new double[4];
        var env = new Acrobot();
        for (int trial = 0; trial < 50; trial++)
        {
            double[] state = [random.Uniform(-1, 1), random.Uniform(-1, 1), random.Uniform(-2, 2), random.Uniform(-2, 2)];
            int action = random.NextInt(3);
            env.SetState(state);
            env.Step([action], observation);
            env.GetState(forward);
            env.SetState(state.Select(x => -x).ToArray());
            env.Step([2 - action], observation);
            env.GetState(mirrored);
            for (int i = 0; i < 4; i++)
            {
                Assert.True(Math.Abs(forward[i] + mirrored[i]) <= 1e-12, $"trial {trial} coordinate {i}: {forward[i]} vs {mirrored[i]}");
            }
        }
    }

    [Fact]
    public void BookAndNipsDifferByTheDtheta1SquaredSinTheta2Term()
    {
        var book = new Acrobot();
        var nips = new Acrobot(Options("book_or_nips=nips"));
        var observation = new double[6];
        var bookState = new double[4];
        var nipsState = new double[4];

        // The book subtracts m2 l1 lc2 dtheta1^2 sin(theta2) from the elbow's numerator (the denominator is positive),
        // so with dtheta1 large the elbow speeds up less in the book when sin(theta2) > 0 and more when it is < 0.
        foreach ((double theta2, int sign) in new[] { (0.8, -1), (-0.8, 1) })
        {
            double[] state = [0.2, theta2, 3.0, 0.0];
            book.SetState(state);
            nips.SetState(state);
            book.Step([1], observation);
            nips.Step([1], observation);
            book.GetState(bookState);
            nips.GetState(nipsState);
            Assert.Equal(ReferenceStep(state, 0.0, nips: false), bookState);
            Assert.Equal(ReferenceStep(state, 0.0, nips: true), nipsState);
            Assert.Equal(sign, Math.Sign(bookState[3] - nipsState[3]));
        }
    }

    [Fact]
    public void ASeeded500StepRolloutIsReproducibleAndStaysInTheObservationSpace()
    {
        (List<double[]> first, List<StepResult> firstResults) = Rollout(seed: 42, steps: 500);
        (List<double[]> second, List<StepResult> secondResults) = Rollout(seed: 42, steps: 500);
        (List<double[]> other, _) = Rollout(seed: 43, steps: 500);
        Assert.Equal(first.Count, second.Count);
        for (int t = 0; t < first.Count; t++)
        {
            Assert.Equal(first[t], second[t]);
        }

        Assert.Equal(firstResults, secondResults);
        Assert.NotEqual(first[0], other[0]);
    }

    [Fact]
    public void CrossingTheGoalLineTerminatesWithRewardZero()
    {
        // theta1 = 2 pi / 3 with the arm straight puts the tip on the line (-cos(2 pi / 3) * 2 = 1); swinging up
        // crosses it, swinging down does not.
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];
        double lineAngle = 2 * Math.PI / 3;

        env.SetState([lineAngle, 0.0, 2.0, 0.0]);
        StepResult up = env.Step([1], observation);
        env.GetState(state);
        Assert.True(Height(state) > 1.0);
        Assert.Equal(new StepResult(0.0, true, false), up);
        InvalidOperationException after = Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
        Assert.Contains("after the episode ended", after.Message, StringComparison.Ordinal);

        env.SetState([lineAngle, 0.0, -2.0, 0.0]);
        StepResult down = env.Step([1], observation);
        env.GetState(state);
        Assert.True(Height(state) <= 1.0);
        Assert.Equal(new StepResult(-1.0, false, false), down);

        // Around the line, terminated is exactly "height after the step > 1.0".
        int terminations = 0;
        int trials = 0;
        for (double offset = -0.3; offset <= 0.3; offset += 0.05)
        {
            for (double velocity = -2; velocity <= 2; velocity += 0.5)
            {
                env.SetState([lineAngle + offset, 0.1, velocity, -velocity]);
                StepResult result = env.Step([0], observation);
                env.GetState(state);
                Assert.Equal(Height(state) > 1.0, result.Terminated);
                Assert.Equal(result.Terminated ? 0.0 : -1.0, result.Reward);
                terminations += result.Terminated ? 1 : 0;
                trials++;
            }
        }

        Assert.InRange(terminations, 1, trials - 1);
    }

    [Fact]
    public void EnvsMakeTruncatesAt500Steps()
    {
        IEnv env = Envs.Make("Acrobot-v1");
        Assert.Equal(500, ((EnvBase)env).MaxEpisodeSteps);
        var observation = new double[6];
        env.Reset(3, observation);
        for (int step = 1; step <= 500; step++)
        {
            StepResult result = env.Step([1], observation);
            Assert.Equal(new StepResult(-1.0, false, step == 500), result);
        }

        Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
        env.Reset(null, observation);
        Assert.False(env.Step([1], observation).Done);
    }

    [Fact]
    public void VelocitiesAreClippedAtBothBounds()
    {
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            // Unclipped, this step would end at about +-(14.9, 40.2).
            double[] start = [0.0, 0.0, 13.0 * sign, 29.0 * sign];
            double[] raw = ReferenceRk4([.. start, 0.0], nips: false);
            Assert.True(sign * raw[2] > Acrobot.MaxVelocity1);
            Assert.True(sign * raw[3] > Acrobot.MaxVelocity2);

            env.SetState(start);
            env.Step([1], observation);
            env.GetState(state);
            Assert.Equal(sign * Acrobot.MaxVelocity1, state[2]);
            Assert.Equal(sign * Acrobot.MaxVelocity2, state[3]);
            Assert.Equal(sign * env.ObservationSpace.High[4], observation[4]);
            Assert.Equal(sign * env.ObservationSpace.High[5], observation[5]);
        }

        // Inside the bounds nothing is clipped.
        env.SetState([0.0, 0.0, 1.0, -1.0]);
        env.Step([1], observation);
        env.GetState(state);
        Assert.Equal(ReferenceRk4([0.0, 0.0, 1.0, -1.0, 0.0], nips: false)[2..], state[2..]);
    }

    [Fact]
    public void AnglesAreWrappedIntoMinusPiToPiByRepeatedTwoPiSteps()
    {
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];

        // Unwrapped, the first step ends at theta = (3.82, -4.23): one turn each way; the second at theta2 = 13.76:
        // two turns down, while its theta1 = 2.32 needs none.
        foreach ((double[] start, int[] expectedTurns) in new[] { (new[] { 3.0, -3.0, 4.0, -6.0 }, new[] { 1, 1 }), (new[] { 3.0, 1.0, 12.0, 28.0 }, new[] { 0, 2 }) })
        {
            double[] raw = ReferenceRk4([.. start, 0.0], nips: false);
            env.SetState(start);
            env.Step([1], observation);
            env.GetState(state);
            for (int i = 0; i < 2; i++)
            {
                double expected = raw[i];
                int turns = 0;
                while (expected > Math.PI)
                {
                    expected -= 2 * Math.PI;
                    turns++;
                }

                while (expected < -Math.PI)
                {
                    expected += 2 * Math.PI;
                    turns++;
                }

                Assert.Equal(expectedTurns[i], turns);
                Assert.Equal(expected, state[i]);
                Assert.InRange(state[i], -Math.PI, Math.PI);
            }
        }
    }

    [Fact]
    public void GetStateAndSetStateRoundTripAndContinueTheSameEpisode()
    {
        var original = new Acrobot();
        var copy = new Acrobot();
        var observation = new double[6];
        var copyObservation = new double[6];
        var random = new KernelRandom(8);
        original.Reset(8, observation);
        for (int t = 0; t < 37; t++)
        {
            original.Step([random.NextInt(3)], observation);
        }

        var state = new double[4];
        original.GetState(state);
        copy.SetState(state);
        var copied = new double[4];
        copy.GetState(copied);
        Assert.Equal(state, copied);

        for (int t = 0; t < 100; t++)
        {
            double action = random.NextInt(3);
            StepResult a = original.Step([action], observation);
            StepResult b = copy.Step([action], copyObservation);
            Assert.Equal(a, b);
            Assert.Equal(observation, copyObservation);
            if (a.Terminated)
            {
                break;
            }
        }

        Assert.Throws<ArgumentException>(() => copy.SetState([0.0, 0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => copy.SetState([0.0, double.NaN, 0.0, 0.0]));
    }

    [Fact]
    public void TorqueNoiseIsDrawnFromTheEnvStreamWithinTheBoundAndIsReproducible()
    {
        const double noiseMax = 0.3;
        var env = new Acrobot(Options($"torque_noise_max={noiseMax}"));
        var twin = new Acrobot(Options($"torque_noise_max={noiseMax}"));
        var observation = new double[6];
        var twinObservation = new double[6];
        var actual = new double[4];
        env.Reset(21, observation);
        twin.Reset(21, twinObservation);

        // The mirror replays the env's stream: four reset draws, then one U[-0.3, 0.3) draw per step.
        var mirror = new KernelRandom(21);
        double[] state = [.. Enumerable.Range(0, 4).Select(_ => (double)(float)mirror.Uniform(-0.1, 0.1))];
        bool noiseChangedAStep = false;
        for (int t = 0; t < 60; t++)
        {
            int action = t % 3;
            double noise = mirror.Uniform(-noiseMax, noiseMax);
            Assert.InRange(noise, -noiseMax, noiseMax);
            double[] expected = ReferenceStep(state, Torques[action] + noise, nips: false);
            noiseChangedAStep |= !expected.SequenceEqual(ReferenceStep(state, Torques[action], nips: false));

            StepResult result = env.Step([action], observation);
            Assert.Equal(result, twin.Step([action], twinObservation));
            Assert.Equal(observation, twinObservation);
            env.GetState(actual);
            Assert.Equal(expected, actual);
            state = expected;
            if (result.Terminated)
            {
                break;
            }
        }

        Assert.True(noiseChangedAStep);
    }

    [Fact]
    public void WithoutNoiseAStepDrawsNothingFromTheStream()
    {
        var env = new Acrobot();
        var observation = new double[6];
        var state = new double[4];
        var mirror = new KernelRandom(9);
        env.Reset(9, observation);
        for (int i = 0; i < 4; i++)
        {
            mirror.Uniform(-0.1, 0.1);
        }

        for (int t = 0; t < 5; t++)
        {
            env.Step([t % 3], observation);
        }

        env.Reset(null, observation);
        env.GetState(state);
        Assert.Equal(Enumerable.Range(0, 4).Select(_ => (double)(float)mirror.Uniform(-0.1, 0.1)), state);
    }

    [Fact]
    public void BadActionsAndOutOfOrderCallsGetEnvBaseErrors()
    {
        var env = new Acrobot();
        var observation = new double[6];
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => env.Step([0], observation));
        Assert.Contains("before Reset", early.Message, StringComparison.Ordinal);

        env.Reset(0, observation);
        foreach (double bad in new[] { 3.0, -1.0, 0.5 })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => env.Step([bad], observation));
            Assert.Equal("action", error.ParamName);
            Assert.Contains("is not one of 0..2", error.Message, StringComparison.Ordinal);
            Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }

        ArgumentException nan = Assert.Throws<ArgumentException>(() => env.Step([double.NaN], observation));
        Assert.Equal("action", nan.ParamName);
        Assert.Contains("is not finite", nan.Message, StringComparison.Ordinal);

        ArgumentException length = Assert.Throws<ArgumentException>(() => env.Step([0, 1], observation));
        Assert.Equal("action", length.ParamName);
        Assert.Contains("the action has 2 values", length.Message, StringComparison.Ordinal);

        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => env.Step([0], new double[4])).ParamName);

        // None of the rejected calls stepped the env.
        Assert.Equal(0, env.ElapsedSteps);

        env.SetState([Math.PI, 0.0, 0.0, 0.0]);
        Assert.True(env.Step([1], observation).Terminated);
        Assert.Throws<InvalidOperationException>(() => env.Step([1], observation));
    }

    private static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);

    /// <summary>The tip's height above the pivot in link lengths, Gymnasium's -cos(s[0]) - cos(s[1] + s[0]).</summary>
    private static double Height(double[] state) => -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]);

    /// <summary>Gymnasium's _get_ob: cos and sin of both angles and both velocities, as float32.</summary>
    private static double[] Observation(double[] state) =>
    [
        (float)Math.Cos(state[0]), (float)Math.Sin(state[0]), (float)Math.Cos(state[1]), (float)Math.Sin(state[1]),
        (float)state[2], (float)state[3],
    ];

    private static (List<double[]> Observations, List<StepResult> Results) Rollout(ulong seed, int steps)
    {
        var env = new Acrobot();
        var actions = new KernelRandom(seed + 1000);
        var observation = new double[6];
        var observations = new List<double[]>();
        var results = new List<StepResult>();
        env.Reset(seed, observation);
        observations.Add([.. observation]);
        for (int t = 0; t < steps; t++)
        {
            StepResult result = env.Step([actions.NextInt(3)], observation);
            Assert.True(env.ObservationSpace.Contains(observation));
            observations.Add([.. observation]);
            results.Add(result);
            if (result.Terminated)
            {
                env.Reset(null, observation);
                observations.Add([.. observation]);
            }
        }

        return (observations, results);
    }

    /// <summary>Gymnasium's step from <paramref name="state"/> with a given torque: rk4, wrap, bound.</summary>
    private static double[] ReferenceStep(double[] state, double torque, bool nips)
    {
        double[] next = ReferenceRk4([.. state, torque], nips);
        for (int i = 0; i < 2; i++)
        {
            while (next[i] > Math.PI)
            {
                next[i] = next[i] - (Math.PI - -Math.PI);
            }

            while (next[i] < -Math.PI)
            {
                next[i] = next[i] + (Math.PI - -Math.PI);
            }
        }

        next[2] = Math.Min(Math.Max(next[2], -4 * Math.PI), 4 * Math.PI);
        next[3] = Math.Min(Math.Max(next[3], -9 * Math.PI), 9 * Math.PI);
        return next;
    }

    /// <summary>Gymnasium's rk4(derivs, y0, t) with t = [0, dt], on the torque-augmented y0; returns yout[-1][:4].</summary>
    private static double[] ReferenceRk4(double[] y0, bool nips)
    {
        double[] t = [0, 0.2];
        double dt = t[1] - t[0];
        double dt2 = dt / 2.0;
        double[] k1 = ReferenceDerivative(y0, nips);
        double[] k2 = ReferenceDerivative(Stage(y0, dt2, k1), nips);
        double[] k3 = ReferenceDerivative(Stage(y0, dt2, k2), nips);
        double[] k4 = ReferenceDerivative(Stage(y0, dt, k3), nips);
        var yout = new double[y0.Length];
        for (int i = 0; i < y0.Length; i++)
        {
            yout[i] = y0[i] + (dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]));
        }

        return yout[..4];
    }

    /// <summary>NumPy's y0 + h * k, elementwise.</summary>
    private static double[] Stage(double[] y0, double h, double[] k) => [.. y0.Select((y, i) => y + (h * k[i]))];

    /// <summary>
    /// Gymnasium's _dsdt on (theta1, theta2, dtheta1, dtheta2, a): Python's left-to-right order, <c>x**2</c> as the
    /// C library's pow (what NumPy's float64 scalar power calls), pi from Math.PI (numpy.pi is the same double).
    /// </summary>
    private static double[] ReferenceDerivative(double[] augmented, bool nips)
    {
        double m1 = 1.0;
        double m2 = 1.0;
        double l1 = 1.0;
        double lc1 = 0.5;
        double lc2 = 0.5;
        double inertia1 = 1.0;
        double inertia2 = 1.0;
        double g = 9.8;
        double a = augmented[4];
        double theta1 = augmented[0];
        double theta2 = augmented[1];
        double dtheta1 = augmented[2];
        double dtheta2 = augmented[3];
        double d1 = (m1 * Math.Pow(lc1, 2)) + (m2 * (Math.Pow(l1, 2) + Math.Pow(lc2, 2) + (2 * l1 * lc2 * Math.Cos(theta2)))) + inertia1 + inertia2;
        double d2 = (m2 * (Math.Pow(lc2, 2) + (l1 * lc2 * Math.Cos(theta2)))) + inertia2;
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));
        double phi1 = (-m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2))
            - (2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2))
            + (((m1 * lc1) + (m2 * l1)) * g * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;
        double ddtheta2 = nips
            ? (a + (d2 / d1 * phi1) - phi2) / ((m2 * Math.Pow(lc2, 2)) + inertia2 - (Math.Pow(d2, 2) / d1))
            : (a + (d2 / d1 * phi1) - (m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2)) - phi2)
                / ((m2 * Math.Pow(lc2, 2)) + inertia2 - (Math.Pow(d2, 2) / d1));
        double ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
        return [dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0];
    }

    /// <summary>
    /// The acrobot's equations of motion in textbook form (Spong 1995; Sutton and Barto): the mass matrix
    /// [[d11, d12], [d12, d22]] times the accelerations equals (-h1 - gravity1, torque - h2 - gravity2), solved by
    /// Cramer's rule, with gravity as sines. The NIPS variant drops h2 = m2 l1 lc2 dtheta1^2 sin(theta2).
    /// Integrated by one classical Runge-Kutta step of 0.2 s.
    /// </summary>
    private static double[] TextbookRk4(double[] state, double torque, bool nips)
    {
        double[] Derivative(double[] s)
        {
            const double m1 = 1, m2 = 1, l1 = 1, lc1 = 0.5, lc2 = 0.5, inertia = 1, g = 9.8;
            var (q1, q2, w1, w2) = (s[0], s[1], s[2], s[3]);
            double d11 = (m1 * lc1 * lc1) + (m2 * ((l1 * l1) + (lc2 * lc2) + (2 * l1 * lc2 * Math.Cos(q2)))) + (2 * inertia);
            double d12 = (m2 * ((lc2 * lc2) + (l1 * lc2 * Math.Cos(q2)))) + inertia;
            double d22 = (m2 * lc2 * lc2) + inertia;
            double h1 = -m2 * l1 * lc2 * Math.Sin(q2) * ((w2 * w2) + (2 * w1 * w2));
            double h2 = nips ? 0 : m2 * l1 * lc2 * Math.Sin(q2) * w1 * w1;
            double gravity2 = m2 * lc2 * g * Math.Sin(q1 + q2);
            double gravity1 = ((m1 * lc1) + (m2 * l1)) * g * Math.Sin(q1) + gravity2;
            double r1 = -h1 - gravity1;
            double r2 = torque - h2 - gravity2;
            double determinant = (d11 * d22) - (d12 * d12);
            return [w1, w2, ((r1 * d22) - (d12 * r2)) / determinant, ((d11 * r2) - (d12 * r1)) / determinant];
        }

        const double h = 0.2;
        double[] k1 = Derivative(state);
        double[] k2 = Derivative(Stage(state, h / 2, k1));
        double[] k3 = Derivative(Stage(state, h / 2, k2));
        double[] k4 = Derivative(Stage(state, h, k3));
        return [.. state.Select((y, i) => y + (h / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i])))];
    }
}
