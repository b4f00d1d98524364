// A tape on a GPU device through the Kernel.Autodiff.Gpu package. Kernel.Autodiff alone computes on the host and
// refuses a device with one line naming the package; GpuBackends.Register() plugs the GPU backend in. ilgpu-cpu runs
// the GPU kernels on host threads, so this runs on any machine; DeviceKind.Cuda is the same call on an NVIDIA GPU.
using Kernel.Autodiff;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Gpu;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Kernel.Kernels.Devices;

try
{
    Backends.Open<float>(DeviceKind.IlgpuCpu).Dispose();
    Console.WriteLine("FAIL: a device opened before the GPU backend was registered");
    return 1;
}
catch (DeviceNotAvailableException e)
{
    Console.WriteLine($"before Register: {e.Message}");
}

GpuBackends.Register();
float[] host = Gradient(new CpuBackend<float>());
using ComputeBackend<float> device = Backends.Open<float>(DeviceKind.IlgpuCpu);
float[] onDevice = Gradient(device);
Console.WriteLine($"d/dx sum(tanh(x)) on {device.Name}: [{string.Join(", ", onDevice)}]; on the host: [{string.Join(", ", host)}]");
// The device's scalar tanh and the host's vectorised one differ by rounding: BackendParity's bound for such ops.
double bound = BackendParity.InexactBound * Math.Pow(2, -24) * Math.Max(1, host.Max(Math.Abs));
for (int i = 0; i < host.Length; i++)
{
    if (Math.Abs(onDevice[i] - host[i]) > bound)
    {
        Console.WriteLine($"FAIL: element {i} differs: {onDevice[i]} vs {host[i]} (bound {bound:G3})");
        return 1;
    }
}

Console.WriteLine("OK device-tape");
return 0;

static float[] Gradient(ComputeBackend<float> backend)
{
    var tape = new Tape<float>(backend);
    Tensor<float> x = tape.Variable(Shape.Vector(3), [0.5f, -1f, 2f]);
    return tape.Gradient(x.Tanh().Sum(), x).ToArray();
}
