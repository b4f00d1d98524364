namespace Kernel.Kernels.Devices;

/// <summary>The command-line spellings of <see cref="DeviceKind"/>: "cpu", "cuda", "ilgpu-cpu".</summary>
public static class DeviceNames
{
    /// <summary>The spelling of <paramref name="kind"/>.</summary>
    /// <param name="kind">A defined <see cref="DeviceKind"/>.</param>
    /// <returns>"cpu", "cuda" or "ilgpu-cpu".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Of(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => "cuda",
        DeviceKind.IlgpuCpu => "ilgpu-cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "kind must be Cpu, Cuda or IlgpuCpu."),
    };

    /// <summary>Parses "cpu", "cuda" or "ilgpu-cpu" (case-insensitive).</summary>
    /// <param name="name">The spelling.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is none of the three.</exception>
    public static DeviceKind Parse(string name)
    {
        foreach (DeviceKind kind in Enum.GetValues<DeviceKind>())
        {
            if (string.Equals(name, Of(kind), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new ArgumentException($"device is '{name}'; allowed values are cpu, cuda, ilgpu-cpu.", nameof(name));
    }
}
