namespace Kernel.Cli.Commands;

/// <summary>Creates a command's --out directory up front, so that a place nothing can be written names --out in one line.</summary>
internal static class OutDirectory
{
    /// <summary>Creates <paramref name="directory"/> (and its parents) if missing and returns it.</summary>
    /// <exception cref="ArgumentException">It cannot be created: a file is in the way, the file system refuses it (/proc), or permission is denied.</exception>
    public static string Create(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"out = {directory}: cannot create the directory ({e.Message}).", "out", e);
        }
    }
}
