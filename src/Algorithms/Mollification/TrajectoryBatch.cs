using Kernel.Envs;

namespace Kernel.Algorithms.Mollification;

/// <summary>
/// One epoch's whole trajectories of the fixed-sigma Gaussian policy: per trajectory the observations s_t (in T), the
/// standard-normal draws eps_t with a_t = mu(s_t) + sigma eps_t, the rewards and the length. Rollouts run on up to
/// <c>workers</c> threads, each with its own env and controller copy; trajectory i draws its reset seed and its noise
/// from its own stream, so the batch is the same for any number of workers. Disposing it disposes its envs (MuJoCo's hold
/// native memory). Thread-safety: one caller at a time.
/// </summary>
/// <typeparam name="T">The controller's float type.</typeparam>
internal sealed class TrajectoryBatch<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IEnv[] envs;
    private readonly Controller<T>[] controllers;
    private readonly int stateSize;
    private readonly int actionSize;

    public TrajectoryBatch(Func<IEnv> makeEnv, Controller<T> controller, int trajectories, int horizon, int workers)
    {
        envs = new IEnv[workers];
        controllers = new Controller<T>[workers];
        for (int w = 0; w < workers; w++)
        {
            envs[w] = makeEnv();
            controllers[w] = controller.Clone();
        }

        int limit = (envs[0] as EnvBase)?.MaxEpisodeSteps ?? int.MaxValue;
        Horizon = Math.Min(horizon, limit);
        stateSize = controller.StateDimension;
        actionSize = controller.ActionDimension;
        States = new T[trajectories][];
        Noise = new T[trajectories][];
        Rewards = new double[trajectories][];
        Lengths = new int[trajectories];
        for (int i = 0; i < trajectories; i++)
        {
            States[i] = new T[Horizon * stateSize];
            Noise[i] = new T[Horizon * actionSize];
            Rewards[i] = new double[Horizon];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IEnv env in envs)
        {
            env.Dispose();
        }
    }

    /// <summary>The most steps of a trajectory: the horizon setting or the env's time limit, whichever is smaller.</summary>
    public int Horizon { get; }

    /// <summary>Observations, trajectory by trajectory, step-major.</summary>
    public T[][] States { get; }

    /// <summary>The standard-normal draws eps_t (zero for a deterministic rollout).</summary>
    public T[][] Noise { get; }

    /// <summary>Rewards r_t.</summary>
    public double[][] Rewards { get; }

    /// <summary>Steps each trajectory took.</summary>
    public int[] Lengths { get; }

    /// <summary>The number of trajectories.</summary>
    public int Count => Lengths.Length;

    /// <summary>
    /// Rolls out every trajectory with theta = <paramref name="theta"/>: trajectory i resets its env with the first
    /// draw of the stream seeded <paramref name="seeds"/>(i) and, when <paramref name="sigma"/> &gt; 0, draws its noise
    /// from the same stream; sigma = 0 rolls out the deterministic controller.
    /// </summary>
    /// <exception cref="EnvInstabilityException">A trajectory's dynamics left the finite range (the lowest-numbered one is named).</exception>
    public void Collect(ReadOnlySpan<T> theta, double sigma, Func<int, ulong> seeds)
    {
        foreach (Controller<T> controller in controllers)
        {
            controller.SetParameters(theta);
        }

        int workers = envs.Length;
        var failures = new EnvInstabilityException?[Count];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            for (int i = w; i < Count; i += workers)
            {
                try
                {
                    Roll(envs[w], controllers[w], i, sigma, seeds(i));
                }
                catch (EnvInstabilityException exception)
                {
                    failures[i] = exception;
                }
            }
        });

        // The lowest-numbered trajectory's breakdown, whichever worker met it first.
        if (failures.FirstOrDefault(failure => failure is not null) is { } first)
        {
            throw first;
        }
    }

    private void Roll(IEnv env, Controller<T> controller, int index, double sigma, ulong seed)
    {
        var random = new KernelRandom(seed);
        Span<double> observation = stackalloc double[stateSize];
        Span<double> action = stackalloc double[actionSize];
        Span<T> mean = stackalloc T[actionSize];
        T[] states = States[index];
        T[] noise = Noise[index];
        double[] rewards = Rewards[index];
        env.Reset(random.NextUInt64(), observation);
        int t = 0;
        while (t < Horizon)
        {
            Span<T> state = states.AsSpan(t * stateSize, stateSize);
            for (int c = 0; c < stateSize; c++)
            {
                state[c] = T.CreateChecked(observation[c]);
            }

            controller.Act(state, mean);
            T scale = T.CreateChecked(sigma);
            for (int r = 0; r < actionSize; r++)
            {
                T eps = sigma > 0 ? T.CreateChecked(random.Normal()) : T.Zero;
                noise[(t * actionSize) + r] = eps;
                action[r] = double.CreateChecked(mean[r] + (scale * eps));
            }

            StepResult result = env.Step(action, observation);
            rewards[t] = result.Reward;
            t++;
            if (result.Terminated || result.Truncated)
            {
                break;
            }
        }

        Lengths[index] = t;
    }
}
