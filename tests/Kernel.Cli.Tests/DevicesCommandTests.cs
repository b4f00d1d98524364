using Kernel.Kernels.Devices;
using Kernel.Kernels.Gpu;
using Xunit;

namespace Kernel.Cli.Tests;

/// <summary><c>kernel devices</c> and the device choice of <c>kernel train</c>: what is listed, and one clear error for a device that is not there.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DevicesCommandTests : IDisposable
{
    private static readonly bool HasCuda = GpuDevice.Available().Any(d => d.Kind == DeviceKind.Cuda);

    private readonly string directory = Directory.CreateTempSubdirectory("kernel-devices-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void DevicesListsTheCpuKindsWithTheirMemory()
    {
        (int code, string output, _) = Run(["devices"]);
        Assert.Equal(0, code);
        Assert.Contains("cpu:0", output, StringComparison.Ordinal);
        Assert.Contains("ilgpu-cpu:0", output, StringComparison.Ordinal);
        Assert.Contains("GiB", output, StringComparison.Ordinal);
        Assert.Equal(HasCuda, output.Contains("cuda:0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpu", "kernel devices: check = gpu: must be ilgpu-cpu or cuda (the checks compare a device with the CPU).")]
    [InlineData("cpu", "kernel devices: check = cpu: must be ilgpu-cpu or cuda (the checks compare a device with the CPU).")]
    public void ABadCheckRequestIsOneLineAndExit2(string device, string expected)
    {
        (int code, _, string error) = Run(["devices", "--check", device]);
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }

    [WithoutCudaFact]
    public void AMissingDeviceIsOneClearErrorWithoutFallback()
    {
        (int code, _, string error) = Run(["devices", "--check", "cuda"]);
        Assert.Equal(2, code);
        Assert.StartsWith("kernel devices: device cuda:0 is not available", error, StringComparison.Ordinal);
        Assert.Contains("Available: cpu:0", error, StringComparison.Ordinal);

        string output = Path.Combine(directory, "run");
        (code, _, error) = Run(["train", "--device", "cuda", "--steps", "64", "--out", output]);
        Assert.Equal(2, code);
        Assert.StartsWith("kernel train: device = cuda: device cuda:0 is not available", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void TrainingOnTheIlgpuCpuDeviceRecordsTheDevice()
    {
        string output = Path.Combine(directory, "ilgpu");
        (int code, string stdout, _) = Run(["train", "--device", "ilgpu-cpu", "--steps", "32", "--envs", "2", "--rollout-steps", "16", "--minibatch-size", "16", "--epochs", "1", "--policy-hidden", "4", "--value-hidden", "4", "--checkpoint-every", "0", "--out", output]);
        Assert.Equal(0, code);
        Assert.Contains("on ilgpu-cpu", stdout, StringComparison.Ordinal);
        Assert.Contains("\"device\": \"ilgpu-cpu\"", File.ReadAllText(Path.Combine(output, "config.json")), StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        (int code, string error, string output) = InProcessKernel.Run(args);
        return (code, output, error);
    }
}
