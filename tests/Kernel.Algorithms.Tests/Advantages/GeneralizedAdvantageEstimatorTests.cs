using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Advantages;
using Xunit;

namespace Kernel.Algorithms.Tests.Advantages;

/// <summary>
/// GAE against a hand-worked episode, its lambda = 1 / lambda = 0 / gamma = 0 special cases, layout independence
/// across env copies, the O(T^2) definition A_t = sum_l (gamma lambda)^l delta_{t+l} (FsCheck), argument checks
/// (lengths, non-finite inputs) and allocation-freedom.
/// </summary>
public class GeneralizedAdvantageEstimatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void HandWorkedEpisodeWithATerminationAndATruncation()
    {
        // gamma = 0.9, lambda = 0.8, so gamma * lambda = 0.72; one env, T = 5.
        //  t  r     V     flags                 next value used
        //  0  1     0.5   -                     V1 = 1.0
        //  1  2     1.0   terminated            0 (no bootstrap)
        //  2  0.5   2.0   -                     V3 = 1.5
        //  3  1     1.5   truncated, final 3.0  3.0 (bootstrap from the final observation)
        //  4  -1    0.25  -                     lastValue = 2.0
        // delta4 = -1 + 0.9*2.0 - 0.25 = 0.55          A4 = 0.55
        // delta3 = 1 + 0.9*3.0 - 1.5   = 2.2           A3 = 2.2 (boundary: trace cut)
        // delta2 = 0.5 + 0.9*1.5 - 2.0 = -0.15         A2 = -0.15 + 0.72*2.2 = 1.434
        // delta1 = 2 + 0 - 1.0         = 1.0           A1 = 1.0 (boundary: trace cut)
        // delta0 = 1 + 0.9*1.0 - 0.5   = 1.4           A0 = 1.4 + 0.72*1.0 = 2.12
        // returns = A + V = 2.62, 2.0, 3.434, 3.7, 0.8
        double[] rewards = [1, 2, 0.5, 1, -1];
        double[] values = [0.5, 1.0, 2.0, 1.5, 0.25];
        bool[] terminated = [false, true, false, false, false];
        bool[] truncated = [false, false, false, true, false];

        // finalValues must be read only where truncated: NaN elsewhere would poison the result.
        double[] finalValues = [double.NaN, double.NaN, double.NaN, 3.0, double.NaN];
        double[] lastValues = [2.0];
        double[] advantages = new double[5];
        double[] returns = new double[5];

        GeneralizedAdvantageEstimator.Compute(new GaeRollout<double> { Rewards = rewards, Values = values, Terminated = terminated, Truncated = truncated, FinalValues = finalValues, LastValues = lastValues }, new GaeOptions(0.9, 0.8), advantages, returns);

        AssertClose([2.12, 1.0, 1.434, 2.2, 0.55], advantages, Tolerance);
        AssertClose([2.62, 2.0, 3.434, 3.7, 0.8], returns, Tolerance);
    }

    [Fact]
    public void AStepBothTerminatedAndTruncatedDoesNotBootstrap()
    {
        // A terminal state has no future value, whatever the time limit says: A = r - V = 1 - 0.5.
        double[] advantages = new double[1];
        double[] returns = new double[1];
        GeneralizedAdvantageEstimator.Compute(new GaeRollout<double> { Rewards = [1.0], Values = [0.5], Terminated = [true], Truncated = [true], FinalValues = [100.0], LastValues = [100.0] }, new GaeOptions(0.99, 0.95), advantages, returns);
        Assert.Equal(0.5, advantages[0], Tolerance);
        Assert.Equal(1.0, returns[0], Tolerance);
    }

    [Fact]
    public void LambdaOneGivesDiscountedReturnMinusValueWithinTerminatedEpisodes()
    {
        // Two episodes (t = 0..3 and t = 4..6), each ending in a termination, so no bootstrapping enters.
        const double gamma = 0.97;
        Rollout rollout = Rollout.Random(steps: 7, envs: 1, seed: 11);
        Array.Clear(rollout.Terminated);
        Array.Clear(rollout.Truncated);
        rollout.Terminated[3] = true;
        rollout.Terminated[6] = true;

        rollout.Compute(gamma, 1.0);

        for (int t = 0; t < 7; t++)
        {
            int end = t <= 3 ? 3 : 6;
            double discountedReturn = 0;
            for (int k = end; k >= t; k--)
            {
                discountedReturn = rollout.Rewards[k] + (gamma * discountedReturn);
            }

            Assert.Equal(discountedReturn - rollout.Values[t], rollout.Advantages[t], 1e-12);
            Assert.Equal(discountedReturn, rollout.Returns[t], 1e-12);
        }
    }

    [Fact]
    public void LambdaZeroGivesTheTdError()
    {
        const double gamma = 0.9;
        Rollout rollout = Rollout.Random(steps: 9, envs: 1, seed: 12);
        rollout.Compute(gamma, 0.0);

        for (int t = 0; t < 9; t++)
        {
            double delta = rollout.Rewards[t] + (gamma * rollout.NextValue(t, 0)) - rollout.Values[t];
            Assert.Equal(delta, rollout.Advantages[t], Tolerance);
        }
    }

    [Fact]
    public void GammaZeroGivesRewardMinusValue()
    {
        Rollout rollout = Rollout.Random(steps: 6, envs: 2, seed: 13);
        rollout.Compute(0.0, 0.95);

        for (int i = 0; i < rollout.Rewards.Length; i++)
        {
            Assert.Equal(rollout.Rewards[i] - rollout.Values[i], rollout.Advantages[i], Tolerance);
            Assert.Equal(rollout.Rewards[i], rollout.Returns[i], Tolerance);
        }
    }

    [Fact]
    public void EachEnvColumnEqualsASingleEnvComputation()
    {
        const int steps = 8;
        const int envs = 3;
        Rollout rollout = Rollout.Random(steps, envs, seed: 14);
        rollout.Compute(0.99, 0.95);

        for (int n = 0; n < envs; n++)
        {
            Rollout column = rollout.Column(n);
            column.Compute(0.99, 0.95);
            for (int t = 0; t < steps; t++)
            {
                Assert.Equal(column.Advantages[t], rollout.Advantages[(t * envs) + n]);
                Assert.Equal(column.Returns[t], rollout.Returns[(t * envs) + n]);
            }
        }
    }

    [Property(MaxTest = 100, Replay = "(1,3)")]
    public Property MatchesTheQuadraticDefinition()
        => Prop.ForAll(RandomCases().ToArbitrary(), static c => AssertMatchesDefinition(c));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void BadGammaIsRejected(double gamma)
    {
        Rollout rollout = Rollout.Random(steps: 2, envs: 1, seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rollout.Compute(gamma, 0.95));
        Assert.Equal("gamma", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void BadLambdaIsRejected(double lambda)
    {
        Rollout rollout = Rollout.Random(steps: 2, envs: 1, seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rollout.Compute(0.99, lambda));
        Assert.Equal("lambda", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Fact]
    public void NoCopiesIsRejected()
    {
        double[] four = new double[4];
        var error = Assert.Throws<ArgumentException>(
            () => GeneralizedAdvantageEstimator.Compute(new GaeRollout<double> { Rewards = four, Values = four, LastValues = [] }, new GaeOptions(), new double[4], new double[4]));
        Assert.Equal("lastValues", error.ParamName);
    }

    [Fact]
    public void EpisodeEndsMayBeLeftOut()
    {
        // Without episode ends every step bootstraps from the next value: the same as all-false flags.
        Rollout rollout = Rollout.Random(steps: 6, envs: 2, seed: 21);
        Array.Clear(rollout.Terminated);
        Array.Clear(rollout.Truncated);
        rollout.Compute(0.9, 0.7);
        double[] advantages = new double[12];
        double[] returns = new double[12];
        GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<double> { Rewards = rollout.Rewards, Values = rollout.Values, LastValues = rollout.LastValues }, new GaeOptions(0.9, 0.7), advantages, returns);
        Assert.Equal(rollout.Advantages, advantages);
        Assert.Equal(rollout.Returns, returns);
    }

    [Theory]
    [InlineData("values")]
    [InlineData("terminated")]
    [InlineData("truncated")]
    [InlineData("finalValues")]
    [InlineData("advantages")]
    [InlineData("returns")]
    public void ABufferOfTheWrongLengthIsNamed(string wrong)
    {
        const int samples = 6;
        const int envs = 2;
        double[] Doubles(string name) => new double[name == wrong ? samples + 1 : samples];
        bool[] Flags(string name) => new bool[name == wrong ? samples - 1 : samples];
        double[] lastValues = new double[wrong == "lastValues" ? envs + 1 : envs];

        bool[] truncated = Flags("truncated");
        truncated[0] = true;
        var error = Assert.Throws<ArgumentException>(() => GeneralizedAdvantageEstimator.Compute(
            new GaeRollout<double>
            {
                Rewards = new double[samples], Values = Doubles("values"), Terminated = Flags("terminated"), Truncated = truncated,
                FinalValues = Doubles("finalValues"), LastValues = lastValues,
            },
            new GaeOptions(0.99, 0.95), Doubles("advantages"), Doubles("returns")));
        Assert.Equal(wrong, error.ParamName);
    }

    [Fact]
    public void RewardsNotDivisibleByEnvsIsRejected()
    {
        double[] five = new double[5];
        bool[] flags = new bool[5];
        var error = Assert.Throws<ArgumentException>(
            () => GeneralizedAdvantageEstimator.Compute(
                new GaeRollout<double> { Rewards = five, Values = five, Terminated = flags, Truncated = flags, FinalValues = five, LastValues = [0.0, 0.0] },
                new GaeOptions(0.99, 0.95), new double[5], new double[5]));
        Assert.Equal("rewards", error.ParamName);
    }

    [Theory]
    [InlineData("rewards", double.NaN, "NaN")]
    [InlineData("rewards", double.PositiveInfinity, "Infinity")]
    [InlineData("rewards", double.NegativeInfinity, "-Infinity")]
    [InlineData("values", double.NaN, "NaN")]
    [InlineData("values", double.PositiveInfinity, "Infinity")]
    [InlineData("values", double.NegativeInfinity, "-Infinity")]
    [InlineData("finalValues", double.NaN, "NaN")]
    [InlineData("finalValues", double.NegativeInfinity, "-Infinity")]
    [InlineData("lastValues", double.NaN, "NaN")]
    [InlineData("lastValues", double.PositiveInfinity, "Infinity")]
    public void ANonFiniteInputIsNamedWithItsIndexBeforeAnythingIsWritten(string name, double bad, string shown)
    {
        Rollout rollout = Rollout.Random(steps: 3, envs: 2, seed: 16);

        // Sample 3 is truncated but not terminated, so its final value is read.
        rollout.Truncated[3] = true;
        rollout.Terminated[3] = false;
        int index = name == "lastValues" ? 1 : 3;
        double[] target = name switch
        {
            "rewards" => rollout.Rewards,
            "values" => rollout.Values,
            "finalValues" => rollout.FinalValues,
            _ => rollout.LastValues,
        };
        target[index] = bad;
        Array.Fill(rollout.Advantages, 7.0);
        Array.Fill(rollout.Returns, 7.0);

        var error = Assert.Throws<ArgumentException>(() => rollout.Compute(0.99, 0.95));

        Assert.Equal(name, error.ParamName);
        Assert.Contains($"{name}[{index}] = {shown} is not finite", error.Message);
        Assert.All(rollout.Advantages, a => Assert.Equal(7.0, a));
        Assert.All(rollout.Returns, r => Assert.Equal(7.0, r));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void ANonFiniteFinalValueThatIsNeverReadIsAccepted(bool terminated, bool truncated)
    {
        // Only a truncated, non-terminal step bootstraps from its final value; elsewhere it may hold anything.
        double[] advantages = new double[1];
        double[] returns = new double[1];
        GeneralizedAdvantageEstimator.Compute(new GaeRollout<double> { Rewards = [1.0], Values = [0.5], Terminated = [terminated], Truncated = [truncated], FinalValues = [double.NaN], LastValues = [2.0] }, new GaeOptions(0.5, 0.95), advantages, returns);
        double expected = terminated ? 1.0 - 0.5 : 1.0 + (0.5 * 2.0) - 0.5;
        Assert.Equal(expected, advantages[0], Tolerance);
    }

    [Fact]
    public void ComputingAllocatesNothingAfterWarmUp()
    {
        Rollout rollout = Rollout.Random(steps: 128, envs: 4, seed: 15);
        var options = new GaeOptions(0.99, 0.95);
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            rollout.Compute(options);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            rollout.Compute(options);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains(rollout.Advantages, a => a != 0);
    }

    private static Gen<GaeCase> RandomCases()
        => from steps in Gen.Choose(1, 12)
           from envs in Gen.Choose(1, 3)
           from gammaPercent in Gen.Choose(0, 100)
           from lambdaPercent in Gen.Choose(0, 100)
           from seed in Gen.Choose(0, int.MaxValue)
           select new GaeCase(steps, envs, gammaPercent / 100.0, lambdaPercent / 100.0, seed);

    private static void AssertMatchesDefinition(GaeCase c)
    {
        Rollout rollout = Rollout.Random(c.Steps, c.Envs, c.Seed);
        rollout.Compute(c.Gamma, c.Lambda);

        for (int n = 0; n < c.Envs; n++)
        {
            for (int t = 0; t < c.Steps; t++)
            {
                // A_t = sum_l (gamma lambda)^l delta_{t+l}, the sum stopping after the step that ends the episode.
                double expected = 0;
                double weight = 1;
                for (int k = t; k < c.Steps; k++)
                {
                    int i = (k * c.Envs) + n;
                    double delta = rollout.Rewards[i] + (c.Gamma * rollout.NextValue(k, n)) - rollout.Values[i];
                    expected += weight * delta;
                    if (rollout.Terminated[i] || rollout.Truncated[i])
                    {
                        break;
                    }

                    weight *= c.Gamma * c.Lambda;
                }

                int sample = (t * c.Envs) + n;
                Assert.Equal(expected, rollout.Advantages[sample], 1e-10);
                Assert.Equal(rollout.Advantages[sample] + rollout.Values[sample], rollout.Returns[sample], Tolerance);
            }
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], tolerance);
        }
    }

    /// <summary>One generated case of the definition property.</summary>
    private sealed record GaeCase(int Steps, int Envs, double Gamma, double Lambda, int Seed);

    /// <summary>A time-major rollout [T, N] with its output buffers.</summary>
    private sealed class Rollout(int steps, int envs)
    {
        public int Steps { get; } = steps;

        public int Envs { get; } = envs;

        public double[] Rewards { get; } = new double[steps * envs];

        public double[] Values { get; } = new double[steps * envs];

        public bool[] Terminated { get; } = new bool[steps * envs];

        public bool[] Truncated { get; } = new bool[steps * envs];

        public double[] FinalValues { get; } = new double[steps * envs];

        public double[] LastValues { get; } = new double[envs];

        public double[] Advantages { get; } = new double[steps * envs];

        public double[] Returns { get; } = new double[steps * envs];

        /// <summary>Values in [-1, 1]; each step ends its episode with probability 0.2 (terminated or truncated, sometimes both).</summary>
        public static Rollout Random(int steps, int envs, int seed)
        {
            var random = new Random(seed);
            var rollout = new Rollout(steps, envs);
            for (int i = 0; i < steps * envs; i++)
            {
                rollout.Rewards[i] = (2 * random.NextDouble()) - 1;
                rollout.Values[i] = (2 * random.NextDouble()) - 1;
                rollout.FinalValues[i] = (2 * random.NextDouble()) - 1;
                rollout.Terminated[i] = random.NextDouble() < 0.12;
                rollout.Truncated[i] = random.NextDouble() < 0.1;
            }

            for (int n = 0; n < envs; n++)
            {
                rollout.LastValues[n] = (2 * random.NextDouble()) - 1;
            }

            return rollout;
        }

        public void Compute(double gamma, double lambda) => Compute(new GaeOptions(gamma, lambda));

        public void Compute(GaeOptions options)
            => GeneralizedAdvantageEstimator.Compute(
                new GaeRollout<double>
                {
                    Rewards = Rewards, Values = Values, Terminated = Terminated, Truncated = Truncated, FinalValues = FinalValues, LastValues = LastValues,
                },
                options,
                Advantages,
                Returns);

        /// <summary>The value that follows step t of copy n, per the definition: 0, the final value, V(s_{t+1}) or the last value.</summary>
        public double NextValue(int t, int n)
        {
            int i = (t * Envs) + n;
            return Terminated[i] ? 0
                : Truncated[i] ? FinalValues[i]
                : t == Steps - 1 ? LastValues[n]
                : Values[i + Envs];
        }

        /// <summary>Copy n's column as a single-env rollout.</summary>
        public Rollout Column(int n)
        {
            var column = new Rollout(Steps, 1);
            for (int t = 0; t < Steps; t++)
            {
                int i = (t * Envs) + n;
                column.Rewards[t] = Rewards[i];
                column.Values[t] = Values[i];
                column.Terminated[t] = Terminated[i];
                column.Truncated[t] = Truncated[i];
                column.FinalValues[t] = FinalValues[i];
            }

            column.LastValues[0] = LastValues[n];
            return column;
        }
    }
}
