using System.Reflection;
using Kernel.Algorithms.Training;
using Xunit;

namespace Kernel.Algorithms.Tests;

/// <summary>
/// Kernel.Algorithms has no plotting or device dependency: its assembly references no ScottPlot, SkiaSharp or
/// HarfBuzzSharp (plots are Kernel.Plots', drawn through <see cref="TrainingRun"/>'s figures hook) and no ILGPU.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] Forbidden = ["ScottPlot", "SkiaSharp", "HarfBuzzSharp", "ILGPU", "Kernel.Kernels.Gpu", "Kernel.Autodiff.Gpu", "Kernel.Plots"];

    [Fact]
    public void TheAlgorithmsLibraryReferencesNoPlottingOrDeviceAssembly()
    {
        string[] references = [.. typeof(TrainingRun).Assembly.GetReferencedAssemblies().Select(name => name.Name!)];
        Assert.Contains("Kernel.Autodiff", references); // the metadata is the library's real reference list
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }
}
