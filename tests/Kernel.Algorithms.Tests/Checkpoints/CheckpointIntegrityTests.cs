using System.Runtime.InteropServices;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Checkpoints;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests.Checkpoints;

/// <summary>
/// Checkpoints are verified before use: every tensor and the header carry an XxHash64 in the metadata; any flipped byte
/// or truncation is refused (a property over random positions), and so are checkpoints whose content is well formed but
/// impossible (non-finite weights, negative Adam second moments, counters out of range), each with one line naming the
/// tensor. A refused resume leaves the run directory byte for byte as it was.
/// </summary>
public sealed class CheckpointIntegrityTests(CheckpointIntegrityTests.WrittenRun written) : IClassFixture<CheckpointIntegrityTests.WrittenRun>
{
    private static readonly TrainConfig Config = new()
    {
        TotalSteps = 128,
        CheckpointEvery = 1,
        Rollout = new RolloutOptions { NumEnvs = 2, RolloutSteps = 32 },
        Optimizer = new OptimizerOptions { MinibatchSize = 32, Epochs = 1 },
        Policy = new PolicyOptions { Hidden = [4] },
        Value = new ValueOptions { Hidden = [4] },
    };

    private (string Directory, byte[] Checkpoint) Written => (written.Directory, written.Checkpoint);

    [Fact]
    public void EveryTensorAndTheHeaderCarryAChecksumThatMatches()
    {
        SafeTensorsContent content = SafeTensorsFile.Read(TrainingRun.CheckpointPath(Written.Directory, Config.Updates));
        SafeTensorChecksums.RequireComplete(content);
        foreach ((string name, SafeTensor tensor) in content.Tensors)
        {
            Assert.Equal(SafeTensorChecksums.Of(tensor.Data), content.Meta(SafeTensorChecksums.KeyPrefix + name));
        }

        Assert.StartsWith("xxh64:", content.Meta(SafeTensorChecksums.HeaderKey), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300, Replay = "(22,1)")]
    public Property ACheckpointWithAnyByteFlippedIsRefused()
    {
        byte[] original = Written.Checkpoint;
        Gen<(int Position, byte Mask)> flips =
            from position in Gen.Choose(0, original.Length - 1)
            from mask in Gen.Choose(1, 255)
            select (position, (byte)mask);
        return Prop.ForAll(flips.ToArbitrary(), flip =>
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[flip.Position] ^= flip.Mask;
            if (IsHeaderWhitespaceSwap(original, flip.Position, damaged[flip.Position]))
            {
                // JSON whitespace for JSON whitespace in the header: the file says exactly the same thing, and loads.
                LoadsLikeTheOriginal(damaged);
                return;
            }

            RequireRefused(damaged);
        });
    }

    [Property(MaxTest = 100, Replay = "(22,3)")]
    public Property ACheckpointTruncatedAnywhereIsRefused()
    {
        byte[] original = Written.Checkpoint;
        return Prop.ForAll(Gen.Choose(0, original.Length - 1).ToArbitrary(), length => RequireRefused(original[..length]));
    }

    [Fact]
    public void AResumeFromADamagedCheckpointIsRefusedAndChangesNothingInTheRunDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("kernel-integrity-run-").FullName;
        try
        {
            TrainConfig config = Config with { TotalSteps = 64 * 3 };
            TrainingRun.Run(config, directory);
            string latest = TrainingRun.CheckpointPath(directory, 3);
            byte[] original = File.ReadAllBytes(latest);
            var random = new Random(22);
            for (int trial = 0; trial < 8; trial++)
            {
                byte[] damaged = (byte[])original.Clone();
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
                File.WriteAllBytes(latest, trial % 2 == 0 ? damaged : original[..random.Next(original.Length)]);
                Dictionary<string, string> before = RunDirectorySnapshot.Of(directory);
                Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(directory, config.TotalSteps * 2));
                Assert.Equal(before, RunDirectorySnapshot.Of(directory));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("param.", "NaN", "must be finite")]
    [InlineData("optimizer.", "exp_avg_sq", "must be finite and >= 0")]
    [InlineData("env.elapsed_steps", "1e15", "must be in 0..200 (the env's time limit)")]
    [InlineData("steps", "meta", "a run of batch 64 takes 64 steps per update")]
    [InlineData("updates", "text", "is not a count")]
    public void AWellFormedButImpossibleCheckpointIsRefusedNamingTheTensor(string target, string how, string expected)
    {
        SafeTensorsContent content = SafeTensorsFile.Read(TrainingRun.CheckpointPath(Written.Directory, Config.Updates));
        var tensors = content.Tensors.Values.Select(t => t with { Data = (byte[])t.Data.Clone() }).ToList();
        var metadata = new Dictionary<string, string>(content.Metadata);
        string named;
        switch (how)
        {
            case "NaN":
                SafeTensor weight = tensors.First(t => t.Name.StartsWith(target, StringComparison.Ordinal));
                MemoryMarshal.Cast<byte, float>(weight.Data.AsSpan())[1] = float.NaN;
                named = $"tensor {weight.Name}[1] = NaN";
                break;
            case "exp_avg_sq":
                SafeTensor moment = tensors.First(t => t.Name.StartsWith(target, StringComparison.Ordinal) && t.Name.EndsWith(".exp_avg_sq", StringComparison.Ordinal));
                MemoryMarshal.Cast<byte, float>(moment.Data.AsSpan())[0] = -1e-3f;
                named = $"tensor {moment.Name}[0] = -0.001";
                break;
            case "1e15":
                MemoryMarshal.Cast<byte, long>(tensors.First(t => t.Name == target).Data.AsSpan())[1] = 1_000_000_000_000_000;
                named = "tensor env.elapsed_steps[1] = 1000000000000000";
                break;
            case "meta":
                metadata[target] = "1000000000000000";
                named = "metadata steps = 1000000000000000";
                break;
            default:
                metadata[target] = "1e15";
                named = "metadata updates = \"1e15\"";
                break;
        }

        string path = Path.Combine(Written.Directory, $"impossible-{how}.safetensors");
        SafeTensorsFile.Write(path, tensors, metadata);
        using var trainer = PolicyGradientTrainer<float>.Open(Config);
        string message = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(path)).Message;
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.Equal(0, trainer.Updates);
    }

    [Fact]
    public void AFileWithoutChecksumsIsNotTakenForACheckpoint()
    {
        SafeTensorsContent content = SafeTensorsFile.Read(TrainingRun.CheckpointPath(Written.Directory, Config.Updates));
        var stripped = new SafeTensorsContent(content.Source, content.Tensors, content.Metadata.Where(pair => !pair.Key.StartsWith(SafeTensorChecksums.KeyPrefix, StringComparison.Ordinal)).ToDictionary());
        Assert.Contains("has no header checksum", Assert.Throws<InvalidDataException>(() => SafeTensorChecksums.RequireComplete(stripped)).Message, StringComparison.Ordinal);
    }

    private void RequireRefused(byte[] damaged)
    {
        string path = Path.Combine(Written.Directory, $"damaged-{Environment.CurrentManagedThreadId}.safetensors");
        File.WriteAllBytes(path, damaged);
        using var trainer = PolicyGradientTrainer<float>.Open(Config);
        float[] before = trainer.Parameters[0].Tensor.Values.ToArray();
        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(path));
        Assert.Equal(0, trainer.Updates);
        Assert.Equal(before, trainer.Parameters[0].Tensor.Values.ToArray());
    }

    private void LoadsLikeTheOriginal(byte[] equivalent)
    {
        string path = Path.Combine(Written.Directory, $"equivalent-{Environment.CurrentManagedThreadId}.safetensors");
        File.WriteAllBytes(path, equivalent);
        using var trainer = PolicyGradientTrainer<float>.Open(Config);
        trainer.LoadCheckpoint(path);
        Assert.Equal(Config.Updates, trainer.Updates);
    }

    /// <summary>Whether the flip swapped one JSON whitespace byte of the header for another (a change with no meaning).</summary>
    private static bool IsHeaderWhitespaceSwap(byte[] original, int position, byte replacement)
    {
        long headerEnd = 8 + (long)BitConverter.ToUInt64(original, 0);
        return position >= 8 && position < headerEnd && IsJsonWhitespace(original[position]) && IsJsonWhitespace(replacement)
            && !InsideString(Encoding.UTF8.GetString(original, 8, position - 8));
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool InsideString(string prefix)
    {
        bool inside = false;
        for (int i = 0; i < prefix.Length; i++)
        {
            if (prefix[i] == '\\' && inside)
            {
                i++;
            }
            else if (prefix[i] == '"')
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>A short run whose last checkpoint every test damages a copy of.</summary>
    public sealed class WrittenRun : IDisposable
    {
        public WrittenRun()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("kernel-integrity-").FullName;
            TrainingRun.Run(Config, Directory);
            Checkpoint = File.ReadAllBytes(TrainingRun.CheckpointPath(Directory, Config.Updates));
        }

        public string Directory { get; }

        public byte[] Checkpoint { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
