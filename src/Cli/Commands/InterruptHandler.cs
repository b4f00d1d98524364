using System.Runtime.InteropServices;
using Kernel.Algorithms.Training;

namespace Kernel.Cli.Commands;

/// <summary>
/// SIGINT and SIGTERM during a training run: the first asks the run to stop at the next env step of a rollout in
/// progress (abandoning that update) or after an update in progress (it then writes a checkpoint of the last
/// completed update and its metrics row, and the command exits 130 or 143, the shell's 128 + signal number); a
/// second signal of either kind ends the process at once with that code. Dispose to restore the default handling.
/// Thread-safety: the handlers run on the runtime's signal thread; the request they set is thread-safe.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly PosixSignalRegistration[] registrations;
    private readonly InterruptRequest request;
    private readonly string prefix;

    /// <summary>Installs handlers that set <paramref name="request"/>; messages start with <paramref name="prefix"/>.</summary>
    public InterruptHandler(InterruptRequest request, string prefix)
    {
        this.request = request;
        this.prefix = prefix;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>The exit code for a run stopped by <paramref name="signal"/>: 128 + its number (SIGINT 2, SIGTERM 15).</summary>
    public static int ExitCode(string signal) => signal == nameof(PosixSignal.SIGTERM) ? 143 : 130;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // the run decides when to stop; the runtime must not end the process now
        string signal = context.Signal.ToString();
        if (request.Request(signal))
        {
            Console.Error.WriteLine($"{prefix}{signal}: abandoning the rollout in progress or finishing the update in progress, then writing a checkpoint (send it again to stop at once).");
            return;
        }

        Console.Error.WriteLine($"{prefix}{signal} again: stopping at once; the run resumes from its last checkpoint.");
        Environment.Exit(ExitCode(signal));
    }
}
