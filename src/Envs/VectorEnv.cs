using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Kernel.Envs;

/// <summary>
/// N copies of an env stepped together on flat batch arrays (Gymnasium's SyncVectorEnv). Row i of every
/// N x d buffer belongs to copy i.
/// <para>
/// Autoreset is SAME-STEP (Gymnasium's <c>AutoresetMode.SAME_STEP</c>): when copy i terminates or truncates,
/// <see cref="Step"/> resets it at once, so row i of <see cref="Observations"/> is the first observation of its
/// new episode, while the observation that ended the episode is kept in row i of <see cref="FinalObservations"/>
/// with <see cref="HasFinalObservation"/>[i] set (bootstrap from it on truncation). <see cref="Rewards"/>,
/// <see cref="Terminated"/> and <see cref="Truncated"/> describe the transition that was taken, and
/// <see cref="FinishedEpisodes"/> holds the return and length of every episode that ended in the step.
/// </para>
/// <para>
/// Seeding: <see cref="Reset"/>(seed) seeds copy i with <see cref="KernelRandom.DeriveSeed"/>(seed, i); the
/// automatic resets continue each copy's own stream, so a seed fixes the whole run.
/// </para>
/// <para>
/// After construction <see cref="Reset"/> and <see cref="Step"/> allocate nothing (provided the envs' own
/// Reset and Step do not). The spans returned by the properties are views of internal buffers that the next
/// Reset or Step overwrites.
/// </para>
/// <para>
/// Parallel stepping: with <see cref="Threads"/> &gt; 1 the copies are stepped (and reset) by a fixed team of
/// threads, each owning a fixed contiguous block of copies. Every copy has its own state and random stream (MuJoCo
/// copies: their own mjData against one shared, read-only mjModel), and the bookkeeping (returns, lengths,
/// finished episodes in copy order) is done afterwards on the calling thread, so results are bit-identical to
/// stepping the copies one after another, whatever the thread timing. By default MuJoCo copies use
/// min(processor count, N) threads and other envs one (their steps are shorter than a thread hand-off). The
/// threads are background threads; <see cref="Dispose"/> stops them (the finalizer does if nobody disposes) and
/// disposes the copies.
/// </para>
/// <para>
/// Thread-safety: not thread-safe; one thread at a time calls the members, like the envs it holds.
/// </para>
/// </summary>
public sealed class VectorEnv : IDisposable
{
    private readonly IEnv[] copies;
    private readonly double[] observations;
    private readonly double[] finalObservations;
    private readonly bool[] hasFinalObservation;
    private readonly double[] rewards;
    private readonly bool[] terminated;
    private readonly bool[] truncated;
    private readonly double[] episodeReturns;
    private readonly int[] episodeLengths;
    private readonly EpisodeRecord[] finished;
    private readonly StepResult[] results;
    private readonly double[] actionBatch;
    private readonly Exception?[] failures;
    private readonly StepWorkers? workers;
    private readonly Action<int, int> stepBlock;
    private readonly Action<int, int> resetBlock;
    private ulong resetSeed;
    private int finishedCount;
    private bool ready;

    /// <summary>Makes <paramref name="count"/> copies of a registered env (<see cref="Envs.Make"/>).</summary>
    /// <param name="id">A registered id, e.g. "CartPole-v1".</param>
    /// <param name="count">The number of copies N (at least 1).</param>
    /// <param name="options">Constructor options, applied to every copy.</param>
    /// <param name="threads">Threads that step the copies (1 = the calling thread only); null chooses (see the class summary).</param>
    public VectorEnv(string id, int count, EnvOptions? options = null, int? threads = null)
        : this(() => Envs.Make(id, options), count, threads)
    {
    }

    /// <summary>Makes <paramref name="count"/> copies by calling <paramref name="factory"/> once per copy.</summary>
    /// <param name="factory">Returns a new env each call; every copy must have the same observation and action sizes.</param>
    /// <param name="count">The number of copies N (at least 1).</param>
    /// <param name="threads">Threads that step the copies (1 = the calling thread only; at most N are used); null chooses (see the class summary).</param>
    public VectorEnv(Func<IEnv> factory, int count, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null to choose).");
        }

        copies = new IEnv[count];
        for (int i = 0; i < count; i++)
        {
            IEnv env = factory() ?? throw new ArgumentException($"the factory returned null for copy {i}.", nameof(factory));
            if (Array.IndexOf(copies, env, 0, i) >= 0)
            {
                throw new ArgumentException($"the factory returned the same env instance for copies {Array.IndexOf(copies, env, 0, i)} and {i}; each copy needs its own.", nameof(factory));
            }

            if (i > 0 && (env.ObservationSpace.Dimension != copies[0].ObservationSpace.Dimension || env.ActionSpace.Dimension != copies[0].ActionSpace.Dimension))
            {
                throw new ArgumentException(
                    $"copy {i} ({env.Id}) has observation/action sizes {env.ObservationSpace.Dimension}/{env.ActionSpace.Dimension}; copy 0 ({copies[0].Id}) has {copies[0].ObservationSpace.Dimension}/{copies[0].ActionSpace.Dimension}.",
                    nameof(factory));
            }

            copies[i] = env;
        }

        ObservationSize = copies[0].ObservationSpace.Dimension;
        ActionSize = copies[0].ActionSpace.Dimension;
        observations = new double[count * ObservationSize];
        finalObservations = new double[count * ObservationSize];
        hasFinalObservation = new bool[count];
        rewards = new double[count];
        terminated = new bool[count];
        truncated = new bool[count];
        episodeReturns = new double[count];
        episodeLengths = new int[count];
        finished = new EpisodeRecord[count];
        results = new StepResult[count];
        actionBatch = new double[count * ActionSize];
        failures = new Exception?[count];
        stepBlock = StepBlock;
        resetBlock = ResetBlock;
        int team = Math.Min(threads ?? DefaultThreads(copies[0]), count);
        if (team > 1)
        {
            workers = new StepWorkers(team);
        }
    }

    /// <summary>Stops the stepping threads if nobody called <see cref="Dispose"/>.</summary>
    ~VectorEnv() => workers?.Dispose();

    /// <summary>The number of copies N.</summary>
    public int Count => copies.Length;

    /// <summary>The number of threads that step the copies (1: the calling thread steps them in order).</summary>
    public int Threads => workers?.ThreadCount ?? 1;

    /// <summary>Bytes the background stepping threads allocated inside steps and resets so far (for allocation tests).</summary>
    internal long BackgroundAllocatedBytes => workers?.BackgroundAllocatedBytes ?? 0;

    /// <summary>The length of one observation (obs_dim).</summary>
    public int ObservationSize { get; }

    /// <summary>The length of one action (act_dim; 1 for a discrete action space).</summary>
    public int ActionSize { get; }

    /// <summary>The observation space of one copy.</summary>
    public BoxSpace ObservationSpace => copies[0].ObservationSpace;

    /// <summary>The action space of one copy.</summary>
    public Space ActionSpace => copies[0].ActionSpace;

    /// <summary>The copies, in row order (for GetState/SetState; stepping them directly desynchronises the bookkeeping).</summary>
    public IReadOnlyList<IEnv> Copies => copies;

    /// <summary>The current observations, N x obs_dim row-major; a finished copy's row is its new episode's first observation.</summary>
    public ReadOnlySpan<double> Observations => observations;

    /// <summary>Rewards of the last step, one per copy (zero after Reset).</summary>
    public ReadOnlySpan<double> Rewards => rewards;

    /// <summary>Whether each copy's last step ended its episode in a terminal state.</summary>
    public ReadOnlySpan<bool> Terminated => terminated;

    /// <summary>Whether each copy's last step truncated its episode (time limit).</summary>
    public ReadOnlySpan<bool> Truncated => truncated;

    /// <summary>
    /// The last observations of the episodes that ended in the last step, N x obs_dim row-major; row i is
    /// meaningful only where <see cref="HasFinalObservation"/>[i] is set (other rows hold stale values).
    /// </summary>
    public ReadOnlySpan<double> FinalObservations => finalObservations;

    /// <summary>Whether copy i's episode ended in the last step, so row i of <see cref="FinalObservations"/> holds its final observation.</summary>
    public ReadOnlySpan<bool> HasFinalObservation => hasFinalObservation;

    /// <summary>The episodes that ended in the last step, in copy order (at most one per copy).</summary>
    public ReadOnlySpan<EpisodeRecord> FinishedEpisodes => finished.AsSpan(0, finishedCount);

    /// <summary>Copy <paramref name="copy"/>'s current observation.</summary>
    public ReadOnlySpan<double> Observation(int copy) => observations.AsSpan(copy * ObservationSize, ObservationSize);

    /// <summary>Copy <paramref name="copy"/>'s final observation (meaningful only where <see cref="HasFinalObservation"/>[copy] is set).</summary>
    public ReadOnlySpan<double> FinalObservation(int copy) => finalObservations.AsSpan(copy * ObservationSize, ObservationSize);

    /// <summary>Resets every copy, copy i with seed <see cref="KernelRandom.DeriveSeed"/>(<paramref name="seed"/>, i), and writes <see cref="Observations"/>.</summary>
    public void Reset(ulong seed)
    {
        ready = false;
        resetSeed = seed;
        RunBlocks(resetBlock);
        Array.Clear(rewards);
        Array.Clear(terminated);
        Array.Clear(truncated);
        Array.Clear(hasFinalObservation);
        Array.Clear(episodeReturns);
        Array.Clear(episodeLengths);
        finishedCount = 0;
        ready = true;
    }

    /// <summary>
    /// Steps every copy with its row of <paramref name="actions"/> (N x act_dim row-major; a discrete action is one
    /// double holding the index) and resets the copies whose episodes ended (same-step autoreset; see the class summary).
    /// </summary>
    /// <exception cref="ArgumentException">The batch has the wrong length, or an action is non-finite or not a valid discrete index; nothing is stepped.</exception>
    /// <exception cref="EnvInstabilityException">A copy's dynamics broke down (<see cref="EnvInstabilityException.Copy"/> names it); steps fail until the next Reset.</exception>
    /// <exception cref="InvalidOperationException">Step before Reset, or after a copy failed until the next Reset.</exception>
    public void Step(ReadOnlySpan<double> actions)
    {
        if (!ready)
        {
            throw new InvalidOperationException("VectorEnv: Step needs a Reset first (and again after a step failed).");
        }

        CheckActions(actions);
        ready = false;
        finishedCount = 0;
        actions.CopyTo(actionBatch);
        RunBlocks(stepBlock);
        for (int i = 0; i < copies.Length; i++)
        {
            StepResult result = results[i];
            rewards[i] = result.Reward;
            terminated[i] = result.Terminated;
            truncated[i] = result.Truncated;
            episodeReturns[i] += result.Reward;
            episodeLengths[i]++;
            hasFinalObservation[i] = result.Done;
            if (result.Done)
            {
                finished[finishedCount++] = new EpisodeRecord(i, episodeReturns[i], episodeLengths[i], result.Terminated);
                episodeReturns[i] = 0;
                episodeLengths[i] = 0;
            }
        }

        ready = true;
    }

    /// <summary>Stops the stepping threads and disposes the copies. Safe to call twice.</summary>
    public void Dispose()
    {
        workers?.Dispose();
        foreach (IEnv copy in copies)
        {
            copy.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Records every copy and the episode bookkeeping, for checkpoints (call between steps).</summary>
    public VectorEnvCheckpoint Capture()
        => new([.. copies.Select(c => c.Capture())], (double[])observations.Clone(), (double[])episodeReturns.Clone(), (int[])episodeLengths.Clone(), ready);

    /// <summary>Puts every copy and the bookkeeping back where <see cref="Capture"/> found them; the per-step outputs (rewards, flags, final observations) are cleared.</summary>
    /// <exception cref="ArgumentException">The checkpoint has another number of copies or other sizes.</exception>
    public void Restore(VectorEnvCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Copies.Count != copies.Length || checkpoint.Observations.Length != observations.Length
            || checkpoint.EpisodeReturns.Length != copies.Length || checkpoint.EpisodeLengths.Length != copies.Length)
        {
            throw new ArgumentException(
                $"VectorEnv ({copies[0].Id}): the checkpoint holds {checkpoint.Copies.Count} copies with {checkpoint.Observations.Length} observation values; this one has {copies.Length} copies and {observations.Length} values.",
                nameof(checkpoint));
        }

        for (int i = 0; i < copies.Length; i++)
        {
            copies[i].Restore(checkpoint.Copies[i]);
        }

        checkpoint.Observations.CopyTo(observations, 0);
        checkpoint.EpisodeReturns.CopyTo(episodeReturns, 0);
        checkpoint.EpisodeLengths.CopyTo(episodeLengths, 0);
        Array.Clear(rewards);
        Array.Clear(terminated);
        Array.Clear(truncated);
        Array.Clear(hasFinalObservation);
        finishedCount = 0;
        ready = checkpoint.Ready;
    }

    /// <summary>Copies whose env declares <see cref="IEnv.ParallelStepping"/> (MuJoCo) get one thread per core; cheaper envs stay on the caller.</summary>
    private static int DefaultThreads(IEnv env) => env.ParallelStepping ? Environment.ProcessorCount : 1;

    /// <summary>Runs a per-copy block function over all copies: on the team if there is one (rethrowing the first failure in copy order), else in order on this thread.</summary>
    private void RunBlocks(Action<int, int> block)
    {
        if (workers is null)
        {
            block(0, copies.Length);
            return;
        }

        workers.Run(block, copies.Length);
        for (int i = 0; i < failures.Length; i++)
        {
            if (failures[i] is { } failure)
            {
                Array.Clear(failures);
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    /// <summary>Steps copies [start, end) with their rows of the action batch; a finished copy keeps its final observation and is reset.</summary>
    private void StepBlock(int start, int end)
    {
        int obsSize = ObservationSize;
        int actSize = ActionSize;
        for (int i = start; i < end; i++)
        {
            try
            {
                Span<double> observation = observations.AsSpan(i * obsSize, obsSize);
                StepResult result = copies[i].Step(actionBatch.AsSpan(i * actSize, actSize), observation);
                results[i] = result;
                if (result.Done)
                {
                    observation.CopyTo(finalObservations.AsSpan(i * obsSize, obsSize));
                    copies[i].Reset(null, observation);
                }
            }
            catch (Exception e) when (workers is not null || e is EnvInstabilityException)
            {
                Fail(i, e);
            }
        }
    }

    /// <summary>Resets copies [start, end), copy i with seed DeriveSeed(resetSeed, i).</summary>
    private void ResetBlock(int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            try
            {
                copies[i].Reset(KernelRandom.DeriveSeed(resetSeed, (ulong)i), observations.AsSpan(i * ObservationSize, ObservationSize));
            }
            catch (Exception e) when (workers is not null || e is EnvInstabilityException)
            {
                Fail(i, e);
            }
        }
    }

    /// <summary>Names copy <paramref name="copy"/> in an env's breakdown; keeps the failure for <see cref="RunBlocks"/> on the team, rethrows it on the caller's thread.</summary>
    private void Fail(int copy, Exception failure)
    {
        if (failure is EnvInstabilityException unstable)
        {
            unstable.Copy = copy;
        }

        if (workers is null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        failures[copy] = failure;
    }

    private void CheckActions(ReadOnlySpan<double> actions)
    {
        if (actions.Length != copies.Length * ActionSize)
        {
            throw new ArgumentException(
                $"VectorEnv ({copies[0].Id}): the action batch has {actions.Length} values; {copies.Length} copies x {ActionSize} per action need {copies.Length * ActionSize}.",
                nameof(actions));
        }

        DiscreteSpace? discrete = ActionSpace as DiscreteSpace;
        for (int k = 0; k < actions.Length; k++)
        {
            double a = actions[k];
            if (!double.IsFinite(a))
            {
                throw new ArgumentException(
                    $"VectorEnv ({copies[0].Id}): copy {k / ActionSize}: action[{k % ActionSize}] = {a.ToString(CultureInfo.InvariantCulture)} is not finite.", nameof(actions));
            }

            if (discrete is not null && !discrete.Contains(actions.Slice(k, 1)))
            {
                throw new ArgumentException(
                    $"VectorEnv ({copies[0].Id}): copy {k}: action {a.ToString(CultureInfo.InvariantCulture)} is not one of 0..{discrete.Count - 1}.", nameof(actions));
            }
        }
    }
}
