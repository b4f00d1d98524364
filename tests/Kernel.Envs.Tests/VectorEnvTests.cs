using Xunit;

namespace Kernel.Envs.Tests;

public class VectorEnvTests
{
    [Fact]
    public void ResetSeedsEachCopyDifferentlyAndReproducibly()
    {
        var a = new VectorEnv(() => new CounterEnv(), 8);
        var b = new VectorEnv(() => new CounterEnv(), 8);
        a.Reset(123);
        b.Reset(123);
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
        double[] draws = Enumerable.Range(0, 8).Select(i => a.Observation(i)[1]).ToArray();
        Assert.Equal(8, draws.Distinct().Count());
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(new KernelRandom(KernelRandom.DeriveSeed(123, (ulong)i)).NextDouble(), draws[i]);
        }

        b.Reset(124);
        Assert.NotEqual(a.Observations.ToArray(), b.Observations.ToArray());
    }

    [Fact]
    public void RealEnvsAreReproducibleUnderASeedAndDifferAcrossCopies()
    {
        double[] Run(ulong seed)
        {
            var vector = new VectorEnv("CartPole-v1", 4);
            vector.Reset(seed);
            var actions = new double[4];
            var trace = new List<double>(vector.Observations.ToArray());
            for (int t = 0; t < 300; t++)
            {
                for (int i = 0; i < 4; i++)
                {
                    actions[i] = (t + i) % 2;
                }

                vector.Step(actions);
                trace.AddRange(vector.Observations.ToArray());
            }

            return [.. trace];
        }

        Assert.Equal(Run(9), Run(9));
        Assert.NotEqual(Run(9), Run(10));
        var env = new VectorEnv("CartPole-v1", 4);
        env.Reset(9);
        Assert.NotEqual(env.Observation(0).ToArray(), env.Observation(1).ToArray());
    }

    [Fact]
    public void ATerminatedCopyIsResetInTheSameStepAndItsFinalObservationKept()
    {
        // Copy i terminates after i + 2 steps.
        int next = 0;
        var vector = new VectorEnv(() => new CounterEnv(terminateAt: 2 + next++), 3);
        vector.Reset(7);
        double[] firstDraws = Enumerable.Range(0, 3).Select(i => vector.Observation(i)[1]).ToArray();
        double[] actions = [0.5, 1.0, -1.0];

        vector.Step(actions);
        Assert.Equal([false, false, false], vector.Terminated.ToArray());
        Assert.Equal([false, false, false], vector.HasFinalObservation.ToArray());
        Assert.Equal(0, vector.FinishedEpisodes.Length);
        Assert.Equal([0.5, 1.0, -1.0], vector.Rewards.ToArray());

        vector.Step(actions);
        Assert.Equal([true, false, false], vector.Terminated.ToArray());
        Assert.Equal([false, false, false], vector.Truncated.ToArray());
        Assert.Equal([true, false, false], vector.HasFinalObservation.ToArray());
        Assert.Equal([2.0, firstDraws[0]], vector.FinalObservation(0).ToArray());
        Assert.Equal(0.0, vector.Observation(0)[0]);
        Assert.NotEqual(firstDraws[0], vector.Observation(0)[1]); // the copy's stream continued
        Assert.Equal(2.0, vector.Observation(1)[0]);
        EpisodeRecord record = Assert.Single(vector.FinishedEpisodes.ToArray());
        Assert.Equal(new EpisodeRecord(0, 1.0, 2, true), record);

        vector.Step(actions);
        Assert.Equal([false, true, false], vector.Terminated.ToArray());
        Assert.Equal([false, true, false], vector.HasFinalObservation.ToArray());
        Assert.Equal(1.0, vector.Observation(0)[0]);
        Assert.Equal([3.0, firstDraws[1]], vector.FinalObservation(1).ToArray());
        Assert.Equal(new EpisodeRecord(1, 3.0, 3, true), Assert.Single(vector.FinishedEpisodes.ToArray()));

        vector.Step(actions);
        Assert.Equal([true, false, true], vector.Terminated.ToArray());
        Assert.Equal(
            [new EpisodeRecord(0, 1.0, 2, true), new EpisodeRecord(2, -4.0, 4, true)],
            vector.FinishedEpisodes.ToArray());
    }

    [Fact]
    public void ATruncatedCopyKeepsItsFinalObservationForBootstrapping()
    {
        var vector = new VectorEnv(() => new CounterEnv(terminateAt: 100) { MaxEpisodeSteps = 3 }, 2);
        vector.Reset(1);
        double[] actions = [1, 2];
        for (int t = 0; t < 2; t++)
        {
            vector.Step(actions);
            Assert.Equal([false, false], vector.Truncated.ToArray());
        }

        vector.Step(actions);
        Assert.Equal([true, true], vector.Truncated.ToArray());
        Assert.Equal([false, false], vector.Terminated.ToArray());
        Assert.Equal([true, true], vector.HasFinalObservation.ToArray());
        Assert.Equal(3.0, vector.FinalObservation(0)[0]);
        Assert.Equal(3.0, vector.FinalObservation(1)[0]);
        Assert.Equal(0.0, vector.Observation(0)[0]);
        Assert.Equal(
            [new EpisodeRecord(0, 3.0, 3, false), new EpisodeRecord(1, 6.0, 3, false)],
            vector.FinishedEpisodes.ToArray());
    }

    [Fact]
    public void RegisteredTimeLimitsTruncateCopiesOfARealEnv()
    {
        var vector = new VectorEnv("Pendulum-v1", 2);
        vector.Reset(0);
        var actions = new double[2];
        for (int t = 1; t <= 200; t++)
        {
            vector.Step(actions);
            Assert.Equal(t == 200, vector.Truncated[0]);
            Assert.Equal(t == 200, vector.HasFinalObservation[1]);
        }

        Assert.Equal(2, vector.FinishedEpisodes.Length);
        Assert.All(vector.FinishedEpisodes.ToArray(), r => Assert.Equal(200, r.Length));
    }

    [Theory]
    [InlineData("Pendulum-v1")]
    [InlineData("CartPole-v1")]
    [InlineData("MountainCar-v0")]
    [InlineData("Acrobot-v1")]
    [InlineData("DoublePendulum-v0")]
    public void SteppingAllocatesNothingAfterWarmUp(string id)
    {
        var vector = new VectorEnv(id, 16);
        var random = new KernelRandom(3);
        var batches = new double[32][];
        for (int b = 0; b < batches.Length; b++)
        {
            batches[b] = new double[16 * vector.ActionSize];
            for (int k = 0; k < batches[b].Length; k++)
            {
                batches[b][k] = vector.ActionSpace is DiscreteSpace d ? random.NextInt(d.Count) : random.Uniform(-1, 1);
            }
        }

        vector.Reset(1);
        for (int t = 0; t < 2000; t++)
        {
            vector.Step(batches[t % batches.Length]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int finished = 0;
        for (int t = 0; t < 2000; t++)
        {
            vector.Step(batches[t % batches.Length]);
            finished += vector.FinishedEpisodes.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        vector.Reset(2);
        long allocatedByReset = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(0, allocatedByReset);
        Assert.True(finished > 0, "no episode ended, so the autoreset path was not measured");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ACopyWhoseDynamicsBreakDownIsNamedInItsInstabilityException(int threads)
    {
        using var vector = new VectorEnv("DoublePendulum-v0", 3, threads: threads);
        vector.Reset(0);
        vector.Copies[1].SetState([1e300, 1e300, 1e300, 1e300]);

        EnvInstabilityException error = Assert.Throws<EnvInstabilityException>(() => vector.Step(new double[6]));

        Assert.Equal(1, error.Copy);
        Assert.Equal("DoublePendulum-v0", error.Env);
        Assert.Equal(1, error.Step);
        Assert.Equal("observation[0] = NaN", error.What);
    }

    [Fact]
    public void WrongBatchesAreRejectedBeforeAnyCopySteps()
    {
        var vector = new VectorEnv(() => new CounterEnv(), 3);
        Assert.Throws<InvalidOperationException>(() => vector.Step([0, 0, 0]));
        vector.Reset(0);

        ArgumentException error = Assert.Throws<ArgumentException>(() => vector.Step([0, 0]));
        Assert.Contains("2 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 copies", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => vector.Step([0, double.NaN, 0]));
        Assert.Contains("copy 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.0, vector.Observation(0)[0]); // nothing was stepped

        vector.Step([0, 0, 0]);
        Assert.Equal(1.0, vector.Observation(0)[0]);

        var discrete = new VectorEnv("CartPole-v1", 2);
        discrete.Reset(0);
        Assert.Contains("not one of 0..1", Assert.Throws<ArgumentException>(() => discrete.Step([0, 2])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFactoryMustGiveDistinctCompatibleEnvs()
    {
        var shared = new CounterEnv();
        Assert.Throws<ArgumentException>(() => new VectorEnv(() => shared, 2));
        int calls = 0;
        Assert.Throws<ArgumentException>(() => new VectorEnv(() => calls++ == 0 ? new CounterEnv() : Envs.Make("Pendulum-v1"), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorEnv(() => new CounterEnv(), 0));
        Assert.Throws<ArgumentException>(() => new VectorEnv("NoSuchEnv-v0", 2));
    }

    /// <summary>
    /// A test env whose observation is (steps taken, the first uniform draw of the episode); reward = the action;
    /// terminates after <c>terminateAt</c> steps.
    /// </summary>
    private sealed class CounterEnv(int terminateAt = 1000) : EnvBase("Counter-v0", BoxSpace.Uniform(2, double.NegativeInfinity, double.PositiveInfinity), BoxSpace.Uniform(1, -10, 10), 2)
    {
        private double position;
        private double draw;

        public override void GetState(Span<double> state)
        {
            state[0] = position;
            state[1] = draw;
        }

        protected override void ResetCore(Span<double> observation)
        {
            position = 0;
            draw = Random.NextDouble();
            Write(observation);
        }

        protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
        {
            position++;
            Write(observation);
            return new StepResult(action[0], position >= terminateAt, false);
        }

        protected override void SetStateCore(ReadOnlySpan<double> state)
        {
            position = state[0];
            draw = state[1];
        }

        private void Write(Span<double> observation)
        {
            observation[0] = position;
            observation[1] = draw;
        }
    }
}
