namespace Kernel.Experiments.Sweeps;

/// <summary>Writes a file so that readers see the old content or the new, never a part (write beside it, then rename).</summary>
internal static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in one rename.</summary>
    public static void Write(string path, string text)
    {
        string temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
