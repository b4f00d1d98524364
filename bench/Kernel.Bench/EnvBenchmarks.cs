using BenchmarkDotNet.Attributes;
using Kernel.Bench.Workloads;

namespace Kernel.Bench;

/// <summary>
/// Env stepping throughput for Pendulum-v1 and CartPole-v1: one env (one step per operation, resetting when an
/// episode ends; <see cref="EnvStepWorkload"/>) and <see cref="Kernel.Envs.VectorEnv"/>(64) (one batch step per
/// invocation, counted as 64 operations; <see cref="VectorEnvStepWorkload"/>), both with pre-drawn random actions. The
/// "env steps/s" column is 1 / (mean time per env step).
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Env*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[Config(typeof(EnvStepsPerSecondColumn.Config))]
public class EnvBenchmarks : IDisposable
{
    /// <summary>The number of copies in the vector benchmark.</summary>
    public const int Copies = 64;

    private EnvStepWorkload single = null!;
    private VectorEnvStepWorkload vector = null!;

    /// <summary>The env id.</summary>
    [Params("Pendulum-v1", "CartPole-v1")]
    public string Env { get; set; } = "Pendulum-v1";

    /// <summary>Makes and resets the envs and draws the actions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        single = new EnvStepWorkload(Env);
        vector = new VectorEnvStepWorkload(Env, Copies);
    }

    /// <summary>One step of one env with a random action; resets when the episode ends.</summary>
    [Benchmark(Baseline = true)]
    public void SingleEnvStep() => single.Run();

    /// <summary>One batch step of VectorEnv(64) with random actions (64 env steps, auto-reset included).</summary>
    [Benchmark(OperationsPerInvoke = Copies)]
    public void VectorEnvStep() => vector.Run();

    /// <summary>Frees the workloads (BenchmarkDotNet runs it as the global cleanup; it does not call Dispose itself).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        single.Dispose();
        vector.Dispose();
        GC.SuppressFinalize(this);
    }
}
