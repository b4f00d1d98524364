using System.Reflection;
using System.Runtime.Loader;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Storage;
using Kernel.Kernels;
using Kernel.Kernels.Devices;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// Kernel.Autodiff stands alone: a program that references only it (this test project does) computes on tapes and asks
/// for a GPU device without loading ILGPU or the GPU kernels, and the GPU request fails with one line naming the device
/// and the package that provides it.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] DeviceAssemblies = ["ILGPU", "Kernel.Kernels.Gpu", "Kernel.Autodiff.Gpu"];

    [Fact]
    public void ATapeUserLoadsNoIlgpuAssembly()
    {
        // A fresh load context with this program's files: only what the computation itself needs gets loaded into it.
        var context = new ProgramFilesContext();
        try
        {
            Assembly autodiff = context.LoadFromAssemblyName(typeof(Tape<>).Assembly.GetName());
            Assembly kernels = context.LoadFromAssemblyName(typeof(Accumulation).Assembly.GetName());
            Type backends = autodiff.GetType(typeof(Backends).FullName!, throwOnError: true)!;
            Type deviceKind = kernels.GetType(typeof(DeviceKind).FullName!, throwOnError: true)!;
            Type accumulation = kernels.GetType(typeof(Accumulation).FullName!, throwOnError: true)!;
            MethodInfo open = backends.GetMethod(nameof(Backends.Open))!.MakeGenericMethod(typeof(double));
            object Open(DeviceKind kind) => open.Invoke(null, [Enum.ToObject(deviceKind, (int)kind), 0, Enum.ToObject(accumulation, (int)Accumulation.Widened)])!;

            // Tapes on the host backend: the gradcheck battery's first cases (forward, backward, JVP, double backward).
            object host = Open(DeviceKind.Cpu);
            Type battery = autodiff.GetType(typeof(GradCheckBattery).FullName!, throwOnError: true)!;
            var firstCases = Array.CreateInstance(battery, 4);
            Array.Copy(((System.Collections.IEnumerable)battery.GetProperty(nameof(GradCheckBattery.Cases))!.GetValue(null)!).Cast<object>().Take(4).ToArray(), firstCases, 4);
            MethodInfo run = battery.GetMethods().Single(m => m.Name == nameof(GradCheckBattery.Run) && m.GetParameters().Length == 4).MakeGenericMethod(typeof(double));
            object[] results = [.. ((System.Collections.IEnumerable)run.Invoke(null, [firstCases, 7, null, host])!).Cast<object>()];
            Assert.NotEmpty(results);
            Assert.All(results, result => Assert.True((bool)result.GetType().GetProperty(nameof(GradCheckResult.Passed))!.GetValue(result)!, result.ToString()));

            // Asking for a GPU without the GPU package is an error, not a load of the device libraries.
            var error = Assert.Throws<TargetInvocationException>(() => Open(DeviceKind.Cuda));
            Assert.Equal(typeof(DeviceNotAvailableException).FullName, error.InnerException!.GetType().FullName);

            string[] loaded = [.. context.Assemblies.Select(a => a.GetName().Name!)];
            Assert.Contains("Kernel.Autodiff", loaded); // the context really ran the tape code
            Assert.DoesNotContain(loaded, name => DeviceAssemblies.Any(device => name.StartsWith(device, StringComparison.Ordinal)));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void KernelAutodiffBringsNoDeviceLibraryIntoAProgram()
    {
        // This program references only Kernel.Autodiff, so its folder holds what that package depends on.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Kernel.Autodiff.dll")));
        Assert.DoesNotContain(
            Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Select(Path.GetFileNameWithoutExtension),
            name => DeviceAssemblies.Any(device => name!.StartsWith(device, StringComparison.Ordinal)));
    }

    [Fact]
    public void AskingForAGpuWithoutTheGpuPackageNamesTheDeviceAndThePackage()
    {
        Assert.Null(Backends.Devices);
        var error = Assert.Throws<DeviceNotAvailableException>(() => Backends.Open<float>(DeviceKind.Cuda, 1));
        Assert.Equal(
            "device cuda:1 needs the GPU backend, which is not part of Kernel.Autodiff: reference the Kernel.Autodiff.Gpu package and call Kernel.Autodiff.Gpu.GpuBackends.Register() first.",
            error.Message);
        Assert.Equal(DeviceKind.IlgpuCpu, Assert.Throws<DeviceNotAvailableException>(() => Backends.Open<Half>(DeviceKind.IlgpuCpu)).Kind);
        Assert.StartsWith("device cpu:1 is not available: the host is one device, cpu:0. Available: cpu:0 (host SIMD kernels", Assert.Throws<DeviceNotAvailableException>(() => Backends.Open<double>(DeviceKind.Cpu, 1)).Message, StringComparison.Ordinal);
        Assert.Equal("kind", Assert.Throws<ArgumentException>(() => Backends.Open<double>((DeviceKind)9)).ParamName);
    }

    /// <summary>Loads the program's own assemblies from its folder (the framework's come from the default context).</summary>
    private sealed class ProgramFilesContext() : AssemblyLoadContext("tape-user", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
