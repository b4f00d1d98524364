using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Training.Goldens;

/// <summary>
/// Behaviour pinned bit for bit: every algorithm trains three tiny updates on Pendulum-v1 and CartPole-v1 in fp32 and
/// fp64, and the SHA-256 of metrics.csv, metrics.jsonl and the final checkpoint's tensors (each tensor's name, dtype,
/// shape and bytes, read through the safetensors reader; the header and its metadata are left out so metadata-only
/// changes do not move a golden) must equal golden-runs.json. The hashes hold on any x64 machine with AVX2 and FMA:
/// CPU reductions add in one fixed order (FixedOrderSum), not in the widest vector the runtime enables (512 bits on
/// AVX-512 machines moved 34 of these runs); the libm functions on the path (Math.Exp in approx_kl, Math.Sin/Cos in
/// the environments) are glibc's FMA variants there. A golden that must change is a bug fix in its own commit
/// with the reason; regenerate with <c>KERNEL_UPDATE_GOLDENS=1 dotnet test tests/Kernel.Algorithms.Tests --filter
/// GoldenRunTests</c> (the test then rewrites the file and passes) and commit the diff.
/// </summary>
public sealed class GoldenRunTests : IDisposable
{
    private const string UpdateVariable = "KERNEL_UPDATE_GOLDENS";
    private const int Envs = 2;
    private const int RolloutSteps = 16;
    private const int Updates = 3;

    private static readonly string[] Algorithms = ["reinforce", "a2c", "vpg", "ppo", "ppo-m", "ppo-kl", "ppo-noclip", "cpg", "trpo", "npg", "vmpo"];
    private static readonly string[] Environments = ["Pendulum-v1", "CartPole-v1"];
    private static readonly NumericPrecision[] Precisions = [NumericPrecision.Fp32, NumericPrecision.Fp64];

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-golden-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string, string, NumericPrecision> Runs()
    {
        var runs = new TheoryData<string, string, NumericPrecision>();
        foreach (string algorithm in Algorithms)
        {
            foreach (string env in Environments)
            {
                foreach (NumericPrecision precision in Precisions)
                {
                    runs.Add(algorithm, env, precision);
                }
            }
        }

        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void AShortRunReproducesItsGoldenHashes(string algorithm, string env, NumericPrecision precision)
    {
        TrainConfig config = GoldenConfig(algorithm, env, precision);
        TrainingRun.Run(config, directory);
        var actual = new GoldenHashes(
            Sha256(File.ReadAllBytes(Path.Combine(directory, MetricsWriter.CsvFileName))),
            Sha256(File.ReadAllBytes(Path.Combine(directory, MetricsWriter.JsonLinesFileName))),
            TensorHash(TrainingRun.CheckpointPath(directory, Updates)));
        string key = $"{algorithm} {env} {Settings.NameOf(precision)}";

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Rewrite(key, actual);
        }

        Dictionary<string, GoldenHashes> goldens = ReadGoldens();
        Assert.True(goldens.TryGetValue(key, out GoldenHashes? expected), $"no golden for \"{key}\"; generate it with {UpdateVariable}=1");
        Assert.Equal(expected, actual);
    }

    /// <summary>The algorithm's own defaults, shrunk: 2 copies x 16 steps, minibatches of 8 (the whole batch where the algorithm takes one step per batch), 4 epochs, a learning rate 30 times the default and a KL budget of 0.5 (so PPO's clip and TRPO's line search act), 3 updates, checkpoints after updates 2 and 3.</summary>
    private static TrainConfig GoldenConfig(string algorithm, string env, NumericPrecision precision)
    {
        TrainConfig defaults = TrainConfig.ForAlgorithm(algorithm);
        bool fullBatch = defaults.Optimizer.MinibatchSize.IsFullBatch;
        return defaults with
        {
            Optimizer = defaults.Optimizer with
            {
                LearningRate = defaults.Optimizer.LearningRate * 30,
                MinibatchSize = fullBatch ? MinibatchSize.FullBatch : 8,
                Epochs = fullBatch ? 1 : 4,
            },
            TrustRegion = defaults.TrustRegion with { MaxKl = 0.5 },
            Env = env,
            Precision = precision,
            Seed = 7,
            Rollout = defaults.Rollout with { NumEnvs = Envs, RolloutSteps = RolloutSteps },
            TotalSteps = Updates * Envs * RolloutSteps,
            Policy = defaults.Policy with { Hidden = [8, 8] },
            Value = defaults.Value with { Hidden = [8] },
            CheckpointEvery = 2,
        };
    }

    /// <summary>SHA-256 over the tensors in name order: name, dtype, shape and data of each, NUL-separated.</summary>
    private static string TensorHash(string checkpoint)
    {
        SafeTensorsContent content = SafeTensorsFile.Read(checkpoint);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (SafeTensor tensor in content.Tensors.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{tensor.Name}\0{tensor.DType}\0{string.Join(',', tensor.Shape)}\0"));
            hash.AppendData(tensor.Data);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string GoldensPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "golden-runs.json");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Dictionary<string, GoldenHashes> ReadGoldens()
        => File.Exists(GoldensPath())
            ? JsonSerializer.Deserialize<Dictionary<string, GoldenHashes>>(File.ReadAllText(GoldensPath()), JsonOptions)!
            : [];

    private static void Rewrite(string key, GoldenHashes hashes)
    {
        // The theory's cases run one at a time (one test class), so read-modify-write is safe.
        var goldens = new SortedDictionary<string, GoldenHashes>(ReadGoldens(), StringComparer.Ordinal) { [key] = hashes };
        File.WriteAllText(GoldensPath(), JsonSerializer.Serialize(goldens, JsonOptions) + "\n");
    }

    public sealed record GoldenHashes(string MetricsCsv, string MetricsJsonl, string CheckpointTensors);
}
