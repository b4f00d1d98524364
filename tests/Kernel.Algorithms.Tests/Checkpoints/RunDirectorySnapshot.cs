using System.IO.Hashing;

namespace Kernel.Algorithms.Tests.Checkpoints;

/// <summary>Every file under a directory with a hash of its bytes, to show that a refused operation changed nothing.</summary>
internal static class RunDirectorySnapshot
{
    public static Dictionary<string, string> Of(string directory)
        => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(directory, path), path => Convert.ToHexString(XxHash64.Hash(File.ReadAllBytes(path))));
}
