using Kernel.Envs.MuJoCo;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

public class MuJoCoVectorEnvTests
{
    [Theory]
    [InlineData("Hopper-v4", 5)]
    [InlineData("InvertedDoublePendulum-v4", 4)]
    [InlineData("InvertedPendulum-v4", 3)]
    [InlineData("Walker2d-v4", 3)]
    [InlineData("HalfCheetah-v4", 3)]
    [InlineData("Ant-v4", 3)]
    [InlineData("Humanoid-v4", 3)]
    public void TwoThreadsGiveBitIdenticalResultsToOne(string id, int copies)
    {
        using var serial = new VectorEnv(id, copies, threads: 1);
        using var parallel = new VectorEnv(id, copies, threads: 2);
        Assert.Equal(1, serial.Threads);
        Assert.Equal(2, parallel.Threads);
        Assert.Equal(Trace(serial, 400), Trace(parallel, 400));
    }

    [Fact]
    public void AParallelBatchMatchesCopiesSteppedByHand()
    {
        const int Copies = 3;
        using var vector = new VectorEnv(Hopper.EnvId, Copies, threads: 2);
        var envs = Enumerable.Range(0, Copies).Select(_ => (Hopper)Envs.Make(Hopper.EnvId)).ToArray();
        var observations = envs.Select(_ => new double[11]).ToArray();
        vector.Reset(99);
        for (int i = 0; i < Copies; i++)
        {
            envs[i].Reset(KernelRandom.DeriveSeed(99, (ulong)i), observations[i]);
            Assert.Equal(observations[i], vector.Observation(i).ToArray());
        }

        var actions = new double[Copies * 3];
        for (int t = 0; t < 50; t++)
        {
            for (int k = 0; k < actions.Length; k++)
            {
                actions[k] = Math.Cos((0.2 * t) + k);
            }

            vector.Step(actions);
            for (int i = 0; i < Copies; i++)
            {
                StepResult result = envs[i].Step(actions.AsSpan(3 * i, 3), observations[i]);
                Assert.Equal(result.Reward, vector.Rewards[i]);
                if (result.Done)
                {
                    Assert.Equal(observations[i], vector.FinalObservation(i).ToArray());
                    envs[i].Reset(null, observations[i]);
                }

                Assert.Equal(observations[i], vector.Observation(i).ToArray());
            }
        }

        foreach (Hopper env in envs)
        {
            env.Dispose();
        }
    }

    [Fact]
    public void MuJoCoCopiesShareOneModelAndDefaultToOneThreadPerCore()
    {
        using var vector = new VectorEnv(Hopper.EnvId, 4);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 4), vector.Threads);
        var first = (MuJoCoEnv)vector.Copies[0];
        foreach (IEnv copy in vector.Copies)
        {
            Assert.Same(first.Model, ((MuJoCoEnv)copy).Model);
        }

        Assert.Equal(4, vector.Copies.Select(c => ((MuJoCoEnv)c).Data).Distinct().Count());
        using var classic = new VectorEnv("Pendulum-v1", 4);
        Assert.Equal(1, classic.Threads);
    }

    [Fact]
    public void ParallelStepsAndResetsAllocateNothing()
    {
        using var vector = new VectorEnv(Hopper.EnvId, 4, threads: 2);
        Assert.Equal(2, vector.Threads);
        var actions = new double[12];
        vector.Reset(1);
        for (int t = 0; t < 100; t++)
        {
            vector.Step(actions); // warm-up: JIT and the events' lazy allocations
        }

        int finished = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long backgroundBefore = vector.BackgroundAllocatedBytes;
        for (int t = 0; t < 300; t++)
        {
            actions[t % actions.Length] = t % 3 == 0 ? 1 : -1;
            vector.Step(actions);
            finished += vector.FinishedEpisodes.Length;
        }

        vector.Reset(2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, vector.BackgroundAllocatedBytes - backgroundBefore);
        Assert.True(finished > 0, "no episode ended, so the autoreset path was not measured");
    }

    [Fact]
    public void AFailureOnAWorkerThreadSurfacesOnTheCallerAndStopsTheBatch()
    {
        int made = 0;
        using var vector = new VectorEnv(() => new FailingEnv(failingCopy: made++ == 2), 4, threads: 2);
        vector.Reset(0);
        vector.Step(new double[4]);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => vector.Step(new double[4]));
        Assert.Contains("copy failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reset first", Assert.Throws<InvalidOperationException>(() => vector.Step(new double[4])).Message, StringComparison.Ordinal);
        vector.Reset(1);
        vector.Step(new double[4]);
    }

    [Fact]
    public void DisposingStopsTheThreadsAndFreesTheCopies()
    {
        var vector = new VectorEnv(InvertedPendulum.EnvId, 2, threads: 2);
        vector.Reset(0);
        vector.Dispose();
        vector.Dispose();
        Assert.Throws<ObjectDisposedException>(() => vector.Copies[0].GetState(new double[4]));
        Assert.Throws<ObjectDisposedException>(() => vector.Step(new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorEnv(InvertedPendulum.EnvId, 2, threads: 0));
    }

    private static List<double> Trace(VectorEnv env, int steps)
    {
        var trace = new List<double>();
        var actions = new double[env.Count * env.ActionSize];
        env.Reset(31);
        trace.AddRange(env.Observations.ToArray());
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < actions.Length; k++)
            {
                actions[k] = Math.Sin((0.37 * t) + (1.3 * k));
            }

            env.Step(actions);
            trace.AddRange(env.Observations.ToArray());
            trace.AddRange(env.Rewards.ToArray());
            for (int i = 0; i < env.Count; i++)
            {
                if (env.HasFinalObservation[i])
                {
                    trace.AddRange(env.FinalObservation(i).ToArray());
                }
            }

            foreach (EpisodeRecord episode in env.FinishedEpisodes)
            {
                trace.Add(episode.Copy);
                trace.Add(episode.Return);
                trace.Add(episode.Length);
            }
        }

        return trace;
    }

    /// <summary>A one-dimensional env whose failing copy throws on its second step.</summary>
    private sealed class FailingEnv(bool failingCopy) : EnvBase("Failing-v0", BoxSpace.Uniform(1, -10, 10), BoxSpace.Uniform(1, -1, 1), 1)
    {
        private double steps;

        public override void GetState(Span<double> state) => state[0] = steps;

        protected override void ResetCore(Span<double> observation) => observation[0] = steps = 0;

        protected override StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation)
        {
            steps++;
            if (failingCopy && steps == 2)
            {
                throw new InvalidOperationException("this copy failed on purpose.");
            }

            observation[0] = steps;
            return new StepResult(0, false, false);
        }

        protected override void SetStateCore(ReadOnlySpan<double> state) => steps = state[0];
    }
}
