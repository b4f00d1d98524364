namespace Kernel.Kernels.Devices;

/// <summary>
/// A requested device is not present (or cannot run our kernels). The message names the request and lists the devices
/// that are available, so the caller can choose another explicitly; nothing falls back silently.
/// </summary>
public sealed class DeviceNotAvailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind that was requested.</param>
    /// <param name="index">The index that was requested.</param>
    /// <param name="message">What is missing and what is available.</param>
    public DeviceNotAvailableException(DeviceKind kind, int index, string message)
        : base(message)
    {
        Kind = kind;
        Index = index;
    }

    /// <summary>The kind that was requested.</summary>
    public DeviceKind Kind { get; }

    /// <summary>The index that was requested.</summary>
    public int Index { get; }
}
