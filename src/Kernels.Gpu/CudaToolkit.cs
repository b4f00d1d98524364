namespace Kernel.Kernels.Gpu;

/// <summary>
/// Finds the CUDA toolkit's NVVM library and libdevice bitcode, which ILGPU needs to compile exp, log, tanh and pow
/// for CUDA (without them ILGPU would not compile those functions; we never substitute less accurate ones).
/// </summary>
internal static class CudaToolkit
{
    /// <summary>Toolkit roots to try, in order: CUDA_HOME, CUDA_PATH, /usr/local/cuda.</summary>
    public static IEnumerable<string> SearchedRoots()
    {
        foreach (string variable in new[] { "CUDA_HOME", "CUDA_PATH" })
        {
            string? root = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(root))
            {
                yield return root;
            }
        }

        yield return "/usr/local/cuda";
    }

    /// <summary>The first root with both nvvm/lib64/libnvvm*.so and nvvm/libdevice/libdevice*.bc, or null.</summary>
    public static (string Nvvm, string LibDevice)? FindLibDevice()
    {
        foreach (string root in SearchedRoots())
        {
            string nvvmDirectory = Path.Combine(root, "nvvm", "lib64");
            string libDeviceDirectory = Path.Combine(root, "nvvm", "libdevice");
            if (!Directory.Exists(nvvmDirectory) || !Directory.Exists(libDeviceDirectory))
            {
                continue;
            }

            string? nvvm = Directory.EnumerateFiles(nvvmDirectory, "libnvvm*.so*").OrderBy(p => p.Length).FirstOrDefault();
            string? libDevice = Directory.EnumerateFiles(libDeviceDirectory, "libdevice*.bc").FirstOrDefault();
            if (nvvm is not null && libDevice is not null)
            {
                return (nvvm, libDevice);
            }
        }

        return null;
    }
}
