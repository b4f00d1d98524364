using BenchmarkDotNet.Attributes;
using Kernel.Envs;

namespace Kernel.Bench;

/// <summary>
/// MuJoCo env stepping throughput through the binding, for Hopper-v4 and Humanoid-v4: one env (one env step per
/// operation: ctrl, frame skip x mj_step, mj_rnePostConstraint, observation and reward) and
/// <see cref="VectorEnv"/>(8) with its default threads (one batch step counted as 8 operations). The envs never
/// terminate (terminate_when_unhealthy=false) and reset without noise (reset_noise_scale=0), and the actions follow
/// the deterministic sweep of bench/mujoco-c-loop/mujoco_c_loop.c, so both run the same trajectories and the
/// ratio of their times per env step is the binding's overhead. Compare "env steps/s" with
/// <c>bench/mujoco-c-loop/run.sh</c>.
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*MuJoCoStep*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[Config(typeof(EnvStepsPerSecondColumn.Config))]
public class MuJoCoStepBenchmarks : IDisposable
{
    /// <summary>The number of copies in the vector benchmark.</summary>
    public const int Copies = 8;

    /// <summary>Gymnasium's episode length for the MuJoCo tasks: the action sweep repeats with it.</summary>
    private const int EpisodeSteps = 1000;

    private static readonly EnvOptions NeverTerminate = EnvOptions.Parse(["terminate_when_unhealthy=false", "reset_noise_scale=0"]);

    private IEnv single = null!;
    private VectorEnv vector = null!;
    private double[] observation = [];
    private double[] actions = [];
    private double[] batch = [];
    private int actionSize;
    private int singleStep;
    private int vectorStep;

    /// <summary>The env id.</summary>
    [Params("Hopper-v4", "Humanoid-v4")]
    public string Env { get; set; } = "Hopper-v4";

    /// <summary>Makes the envs, resets them and builds the action sweep.</summary>
    [GlobalSetup]
    public void Setup()
    {
        single = Kernel.Envs.Envs.Make(Env, NeverTerminate);
        vector = new VectorEnv(Env, Copies, NeverTerminate);
        actionSize = single.ActionSpace.Dimension;
        observation = new double[single.ObservationSpace.Dimension];
        actions = Sweep((BoxSpace)single.ActionSpace);
        batch = new double[Copies * actionSize];
        single.Reset(1, observation);
        vector.Reset(1);
    }

    /// <summary>Stops the vector env's threads and frees the native data (BenchmarkDotNet runs it as the global cleanup).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        vector.Dispose();
        (single as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One env step of one env; the registry's time limit resets it every 1000 steps.</summary>
    [Benchmark(Baseline = true)]
    public double SingleEnvStep()
    {
        StepResult result = single.Step(actions.AsSpan(singleStep * actionSize, actionSize), observation);
        singleStep++;
        if (result.Done)
        {
            single.Reset(null, observation);
            singleStep = 0;
        }

        return result.Reward;
    }

    /// <summary>One batch step of VectorEnv(8) (8 env steps, autoreset included), every copy with the sweep's action.</summary>
    [Benchmark(OperationsPerInvoke = Copies)]
    public double VectorEnvStep()
    {
        ReadOnlySpan<double> row = actions.AsSpan(vectorStep * actionSize, actionSize);
        for (int i = 0; i < Copies; i++)
        {
            row.CopyTo(batch.AsSpan(i * actionSize, actionSize));
        }

        vector.Step(batch);
        vectorStep = vectorStep + 1 == EpisodeSteps ? 0 : vectorStep + 1;
        return vector.Rewards[0];
    }

    /// <summary>a[t][k] = low + (high - low) (1 + sin(0.1 t + 1.3 k)) / 2 over one episode, as the C loop.</summary>
    private static double[] Sweep(BoxSpace space)
    {
        var sweep = new double[EpisodeSteps * space.Dimension];
        for (int t = 0; t < EpisodeSteps; t++)
        {
            for (int k = 0; k < space.Dimension; k++)
            {
                sweep[(t * space.Dimension) + k] = space.Low[k] + ((space.High[k] - space.Low[k]) * (0.5 + (0.5 * Math.Sin((0.1 * t) + (1.3 * k)))));
            }
        }

        return sweep;
    }
}
