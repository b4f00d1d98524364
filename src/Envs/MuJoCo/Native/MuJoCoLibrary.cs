using System.Reflection;
using System.Runtime.InteropServices;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// Finds and checks Debian's libmujoco 2.2.2 (package <see cref="PackageName"/>). The first MuJoCo object made in a
/// process calls <see cref="EnsureAvailable"/>, which loads <see cref="FileName"/> (the exact file: the struct
/// layout the binding reads belongs to this release), checks <c>mj_version() == 222</c>, installs error and
/// warning handlers and verifies the struct layout on a probe model (<see cref="MjLayoutCheck"/>). A machine
/// without the package gets one <see cref="DllNotFoundException"/> naming the package; nothing else in the project
/// touches the library. Linux only (Debian's package). Thread-safety: every member may be called from any thread.
/// </summary>
public static class MuJoCoLibrary
{
    /// <summary>The Debian package that provides the library.</summary>
    public const string PackageName = "libmujoco2.2.2";

    /// <summary>The shared object loaded: the runtime package's versioned file (no -dev symlink needed).</summary>
    public const string FileName = "libmujoco.so.2.2.2";

    /// <summary>The value <c>mj_version()</c> must return (mjVERSION_HEADER of the headers the layout was measured with).</summary>
    public const int ExpectedVersion = 222;

    private static readonly Lazy<LibraryState> State = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int resolverInstalled;

    /// <summary>Whether the library can be loaded and passed its checks (never throws).</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                EnsureAvailable();
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The library's version string, e.g. "2.2.2".</summary>
    /// <exception cref="DllNotFoundException">The library is not installed.</exception>
    public static string VersionString => EnsureLoaded().VersionString;

    /// <summary>Loads and checks the library once per process; later calls return at once (or rethrow the same failure).</summary>
    /// <exception cref="DllNotFoundException">libmujoco.so.2.2.2 is not installed (the message names the package).</exception>
    /// <exception cref="InvalidOperationException">The library reports another version, or the struct layout check failed.</exception>
    public static void EnsureAvailable() => EnsureLoaded();

    /// <summary>Points the "mujoco" import name at <see cref="FileName"/> (once per process).</summary>
    internal static void InstallResolver()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(MuJoCoLibrary).Assembly, Resolve);
        }
    }

    private static LibraryState EnsureLoaded() => State.Value;

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != MuJoCoNative.LibraryName)
        {
            return IntPtr.Zero;
        }

        return LoadFile(FileName);
    }

    /// <summary>Loads <paramref name="fileName"/> from the library path, or throws the install hint.</summary>
    /// <exception cref="DllNotFoundException">The file is not on the library path (the message names the package).</exception>
    internal static IntPtr LoadFile(string fileName)
        => NativeLibrary.TryLoad(fileName, out IntPtr handle)
            ? handle
            : throw new DllNotFoundException($"MuJoCo tasks need Debian's {PackageName} ({fileName} was not found on the library path); install it with 'apt-get install {PackageName}'.");

    private static unsafe LibraryState Load()
    {
        IntPtr library = LoadFile(FileName);
        InstallResolver();
        int version = MuJoCoNative.mj_version();
        string versionString = Marshal.PtrToStringUTF8((IntPtr)MuJoCoNative.mj_versionString()) ?? string.Empty;
        if (version != ExpectedVersion)
        {
            throw new InvalidOperationException(
                $"{FileName} reports mj_version() = {version} ('{versionString}'); the binding's struct layout is for {ExpectedVersion} (MuJoCo 2.2.2, Debian's {PackageName}).");
        }

        // MuJoCo's default handlers print and exit (errors wait for Enter first) and write MUJOCO_LOG.TXT into the
        // working directory; ours fail fast with the message (the engine cannot continue after an error) and send
        // warnings to stderr.
        *(delegate* unmanaged<byte*, void>*)NativeLibrary.GetExport(library, "mju_user_error") = &OnError;
        *(delegate* unmanaged<byte*, void>*)NativeLibrary.GetExport(library, "mju_user_warning") = &OnWarning;
        MjLayoutCheck.Verify();
        return new LibraryState(versionString);
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnError(byte* message)
        => Environment.FailFast($"MuJoCo error: {Marshal.PtrToStringUTF8((IntPtr)message)}");

    // While a thread steps a simulation (see CaptureWarnings) its warnings are kept for the step's error message
    // instead of being printed on a line of their own.
    [ThreadStatic]
    private static List<string>? capturedWarnings;

    /// <summary>
    /// Keeps the warnings MuJoCo raises on this thread in <paramref name="destination"/> (cleared first) until the
    /// returned scope is disposed; the caller prints or reports them. Without a scope warnings go to stderr.
    /// </summary>
    internal static WarningCapture CaptureWarnings(List<string> destination)
    {
        destination.Clear();
        List<string>? previous = capturedWarnings;
        capturedWarnings = destination;
        return new WarningCapture(previous);
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnWarning(byte* message)
    {
        string text = Marshal.PtrToStringUTF8((IntPtr)message) ?? string.Empty;
        if (capturedWarnings is { } captured)
        {
            captured.Add(text);
        }
        else
        {
            Console.Error.WriteLine($"MuJoCo warning: {text}");
        }
    }

    /// <summary>Restores the previous warning destination of the thread when disposed.</summary>
    internal readonly struct WarningCapture(List<string>? previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => capturedWarnings = previous;
    }

    /// <summary>What a successful load leaves behind.</summary>
    private sealed record LibraryState(string VersionString);
}
