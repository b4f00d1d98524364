using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kernel.Envs;

namespace Kernel.Bench;

/// <summary>
/// Env stepping throughput for Pendulum-v1 and CartPole-v1: one env (one step per operation, resetting when an
/// episode ends) and <see cref="VectorEnv"/>(64) (one batch step per invocation, counted as 64 operations), both
/// with pre-drawn random actions. The "env steps/s" column is 1 / (mean time per env step).
/// Run: <c>dotnet run -c Release --project bench/Kernel.Bench -- --filter '*Env*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[Config(typeof(EnvStepsPerSecondColumn.Config))]
public class EnvBenchmarks
{
    /// <summary>The number of copies in the vector benchmark.</summary>
    public const int Copies = 64;

    private const int ActionBatches = 256;

    private IEnv single = null!;
    private VectorEnv vector = null!;
    private double[] observation = [];
    private double[] singleActions = [];
    private double[] batchActions = [];
    private int actionSize;
    private int next;
    private int nextBatch;

    /// <summary>The env id.</summary>
    [Params("Pendulum-v1", "CartPole-v1")]
    public string Env { get; set; } = "Pendulum-v1";

    /// <summary>Makes the envs, resets them and draws the actions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        single = Kernel.Envs.Envs.Make(Env);
        vector = new VectorEnv(Env, Copies);
        actionSize = single.ActionSpace.Dimension;
        observation = new double[single.ObservationSpace.Dimension];
        single.Reset(1, observation);
        vector.Reset(1);

        var random = new KernelRandom(42);
        singleActions = Draw(random, single.ActionSpace, ActionBatches * Copies);
        batchActions = Draw(random, single.ActionSpace, ActionBatches * Copies);
    }

    /// <summary>One step of one env with a random action; resets when the episode ends.</summary>
    [Benchmark(Baseline = true)]
    public double SingleEnvStep()
    {
        ReadOnlySpan<double> action = singleActions.AsSpan(next * actionSize, actionSize);
        next = next + 1 == ActionBatches * Copies ? 0 : next + 1;
        StepResult result = single.Step(action, observation);
        if (result.Done)
        {
            single.Reset(null, observation);
        }

        return result.Reward;
    }

    /// <summary>One batch step of VectorEnv(64) with random actions (64 env steps, auto-reset included).</summary>
    [Benchmark(OperationsPerInvoke = Copies)]
    public double VectorEnvStep()
    {
        int length = Copies * actionSize;
        vector.Step(batchActions.AsSpan(nextBatch * length, length));
        nextBatch = nextBatch + 1 == ActionBatches ? 0 : nextBatch + 1;
        return vector.Rewards[0];
    }

    private static double[] Draw(KernelRandom random, Space space, int count)
    {
        var actions = new double[count * space.Dimension];
        for (int i = 0; i < actions.Length; i++)
        {
            actions[i] = space switch
            {
                DiscreteSpace discrete => random.NextInt(discrete.Count),
                BoxSpace box => random.Uniform(box.Low[i % box.Dimension], box.High[i % box.Dimension]),
                _ => 0,
            };
        }

        return actions;
    }
}

/// <summary>"env steps/s" column: 1e9 / mean nanoseconds per operation (one operation is one env step).</summary>
public sealed class EnvStepsPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => "EnvStepsPerSecond";

    /// <inheritdoc />
    public string ColumnName => "env steps/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "env steps per second: 1e9 / mean ns per env step (a VectorEnv(64) batch step counts as 64)";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        => summary[benchmarkCase]?.ResultStatistics is { } stats
            ? (1e9 / stats.Mean).ToString("N0", CultureInfo.InvariantCulture)
            : "NA";

    /// <summary>Benchmark config that adds the column: <c>[Config(typeof(EnvStepsPerSecondColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        /// <summary>Adds <see cref="EnvStepsPerSecondColumn"/>.</summary>
        public Config() => AddColumn(new EnvStepsPerSecondColumn());
    }
}
