using System.Text;

namespace Kernel.Algorithms.Files;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a part: the bytes go to
/// "name.tmp" in the same folder, are flushed to disk, and the temporary file is renamed over the real name (a rename
/// within one file system is atomic on POSIX). If anything fails (a full disk, a permission, an exception in the
/// writer) the temporary file is removed and the real file is left as it was.
/// Thread-safety: stateless; two writers of the same path race for the last rename.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temporary file a write goes through.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes whatever <paramref name="write"/> puts into the stream to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The folder is missing, the disk is full, or the rename failed (the temporary file is gone).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + TemporarySuffix;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            Discard(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
        => Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes <paramref name="lines"/>, each ended by '\n', to <paramref name="path"/> atomically.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines)
        => Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            foreach (string line in lines)
            {
                writer.WriteLine(line);
            }
        });

    // Best effort: the write already failed, and its exception is the one worth reporting.
    private static void Discard(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
