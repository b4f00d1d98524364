namespace Kernel.Autodiff;

/// <summary>
/// While alive, ops on its tape compute but are not recorded for differentiation. A struct, so
/// <c>using (tape.NoGrad())</c> allocates nothing. Dispose restores the previous recording state.
/// </summary>
/// <typeparam name="T">The tape's precision.</typeparam>
public readonly struct NoGradScope<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Tape<T> tape;
    private readonly bool wasRecording;

    internal NoGradScope(Tape<T> tape, bool wasRecording)
    {
        this.tape = tape;
        this.wasRecording = wasRecording;
    }

    /// <summary>Restores the recording state the tape had when the scope began.</summary>
    public void Dispose() => tape?.RestoreRecording(wasRecording);
}
