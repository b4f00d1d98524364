using System.Globalization;

namespace Kernel.Envs;

/// <summary>
/// The checks every env shares, so each env writes only its dynamics: Reset before Step, no Step after the
/// episode ended, actions of the right length and finite (and integral for discrete spaces), observations that
/// stay finite (else <see cref="EnvInstabilityException"/>), and the time limit as truncation (Gymnasium's TimeLimit wrapper). Errors name the env id, the
/// step, the index and the value. Thread-safety: one thread at a time.
/// </summary>
public abstract class EnvBase : IEnv
{
    private bool started;
    private bool done;

    /// <summary>Creates the shared part of an env.</summary>
    protected EnvBase(string id, BoxSpace observationSpace, Space actionSpace, int stateSize)
    {
        Id = id;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        StateSize = stateSize;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public virtual bool ParallelStepping => false;

    /// <inheritdoc />
    public BoxSpace ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <inheritdoc />
    public int StateSize { get; }

    /// <summary>Steps after which an episode is truncated (Gymnasium's max_episode_steps), or null for none.</summary>
    public int? MaxEpisodeSteps { get; set; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <summary>The env's random stream (reset distributions, noise); re-seeded by Reset(seed).</summary>
    protected KernelRandom Random { get; } = new(0);

    /// <inheritdoc />
    public void Reset(ulong? seed, Span<double> observation)
    {
        CheckObservationBuffer(observation);
        if (seed is { } value)
        {
            Random.Reseed(value);
        }

        ResetCore(observation);
        started = true;
        done = false;
        ElapsedSteps = 0;
        CheckObservation(observation, [], reset: true);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<double> action, Span<double> observation)
    {
        if (!started)
        {
            throw new InvalidOperationException($"{Id}: Step was called before Reset.");
        }

        if (done)
        {
            throw new InvalidOperationException($"{Id}: step {ElapsedSteps + 1} was requested after the episode ended (terminated or truncated at step {ElapsedSteps}); call Reset first.");
        }

        CheckObservationBuffer(observation);
        CheckAction(action);
        StepResult result = StepCore(action, observation);
        ElapsedSteps++;
        CheckObservation(observation, action, reset: false);
        bool truncated = result.Truncated || (MaxEpisodeSteps is { } limit && ElapsedSteps >= limit);
        result = result with { Truncated = truncated };
        done = result.Done;
        return result;
    }

    /// <inheritdoc />
    public abstract void GetState(Span<double> state);

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state)
    {
        if (state.Length != StateSize)
        {
            throw new ArgumentException($"{Id}: the state has {StateSize} values; {state.Length} were given.", nameof(state));
        }

        for (int i = 0; i < state.Length; i++)
        {
            if (!double.IsFinite(state[i]))
            {
                throw new ArgumentException($"{Id}: state[{i}] = {state[i].ToString(CultureInfo.InvariantCulture)} is not finite.", nameof(state));
            }
        }

        SetStateCore(state);
        started = true;
        done = false;
    }

    /// <inheritdoc />
    public EnvCheckpoint Capture()
    {
        var state = new double[StateSize];
        GetState(state);
        var random = new ulong[KernelRandom.StateLength];
        Random.ExportState(random);
        return new EnvCheckpoint(Id, state, random, ElapsedSteps, started, done);
    }

    /// <inheritdoc />
    public void Restore(EnvCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.EnvId != Id)
        {
            throw new ArgumentException($"{Id}: the checkpoint belongs to {checkpoint.EnvId}.", nameof(checkpoint));
        }

        if (checkpoint.ElapsedSteps < 0)
        {
            throw new ArgumentException($"{Id}: the checkpoint's elapsed steps {checkpoint.ElapsedSteps} are negative.", nameof(checkpoint));
        }

        Random.ImportState(checkpoint.Random);
        SetState(checkpoint.State);
        ElapsedSteps = checkpoint.ElapsedSteps;
        started = checkpoint.Started;
        done = checkpoint.Done;
    }

    /// <summary>Draws the initial state and writes the first observation.</summary>
    protected abstract void ResetCore(Span<double> observation);

    /// <summary>Advances the dynamics with a validated action and writes the observation.</summary>
    protected abstract StepResult StepCore(ReadOnlySpan<double> action, Span<double> observation);

    /// <summary>Overwrites the internal state (length and finiteness already checked).</summary>
    protected abstract void SetStateCore(ReadOnlySpan<double> state);

    /// <summary>Ends the episode and throws <see cref="EnvInstabilityException"/> if an observation value of the reset or of a step (with <paramref name="action"/>) is not finite.</summary>
    private void CheckObservation(ReadOnlySpan<double> observation, ReadOnlySpan<double> action, bool reset)
    {
        for (int i = 0; i < observation.Length; i++)
        {
            if (!double.IsFinite(observation[i]))
            {
                done = true;
                string what = $"observation[{i}] = {observation[i].ToString(CultureInfo.InvariantCulture)}";
                string made = reset ? "the reset" : $"step {ElapsedSteps}";
                string context = reset ? string.Empty : $" (action was [{string.Join(", ", action.ToArray())}])";
                throw new EnvInstabilityException(Id, ElapsedSteps, what, $"{Id}: {made} made {what}; the dynamics left the finite range{context}.");
            }
        }
    }

    private void CheckObservationBuffer(Span<double> observation)
    {
        if (observation.Length != ObservationSpace.Dimension)
        {
            throw new ArgumentException($"{Id}: the observation buffer has {observation.Length} values; observations have {ObservationSpace.Dimension}.", nameof(observation));
        }
    }

    private void CheckAction(ReadOnlySpan<double> action)
    {
        int step = ElapsedSteps + 1;
        if (action.Length != ActionSpace.Dimension)
        {
            throw new ArgumentException($"{Id}: step {step}: the action has {action.Length} values; the action space {ActionSpace} needs {ActionSpace.Dimension}.", nameof(action));
        }

        for (int i = 0; i < action.Length; i++)
        {
            if (!double.IsFinite(action[i]))
            {
                throw new ArgumentException($"{Id}: step {step}: action[{i}] = {action[i].ToString(CultureInfo.InvariantCulture)} is not finite.", nameof(action));
            }
        }

        if (ActionSpace is DiscreteSpace discrete && !discrete.Contains(action))
        {
            throw new ArgumentException($"{Id}: step {step}: action[0] = {action[0].ToString(CultureInfo.InvariantCulture)} is not one of 0..{discrete.Count - 1}.", nameof(action));
        }
    }

    /// <summary>Frees what the env owns outside the managed heap (see <see cref="Dispose(bool)"/>). Safe to call twice.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the env's native resources; nothing unless a subclass owns some.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>, false from a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
