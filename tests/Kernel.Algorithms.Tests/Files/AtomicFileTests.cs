using Kernel.Algorithms.Files;
using Xunit;

namespace Kernel.Algorithms.Tests.Files;

/// <summary>
/// A failed write leaves the old file as it was and no temporary file (a real full disk is tested end to end in
/// Kernel.Cli.Tests' TrainFaultTests, on a small tmpfs).
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kernel-atomic-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void AWriterThatFailsLeavesTheOldFileAndNoTemporaryFile()
    {
        string path = Path.Combine(directory, "config.json");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["config.json"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void LinesAreWrittenWithLineFeedsAndReplaceTheFileWhole()
    {
        string path = Path.Combine(directory, "metrics.jsonl");
        AtomicFile.WriteAllLines(path, ["a", "b"]);
        AtomicFile.WriteAllLines(path, ["c"]);
        Assert.Equal("c\n", File.ReadAllText(path));
    }
}
