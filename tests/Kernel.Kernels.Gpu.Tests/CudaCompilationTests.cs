using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Xunit;
using IlgpuHalf = ILGPU.Half;

namespace Kernel.Kernels.Gpu.Tests;

/// <summary>
/// Every kernel, for every element type, compiled to PTX (sm_90) without a GPU: the CPU accelerator runs kernels as
/// .NET code, so only this shows that they stay within what ILGPU can compile for CUDA. Kernels that call exp, log,
/// tanh or pow need the CUDA toolkit's libdevice; where it is absent those are compiled as far as ILGPU's check
/// for it, which must be the only failure.
/// </summary>
public sealed class CudaCompilationTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _) in Instantiations())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesToPtx(string name)
    {
        (MethodInfo method, bool grouped) = Instantiations().Single(i => i.Name == name).Kernel;
        (string Nvvm, string LibDevice)? toolkit = CudaToolkit.FindLibDevice();
        using Context context = Context.Create(builder =>
        {
            builder.Math(MathMode.Default);
            if (toolkit is { } found)
            {
                builder.LibDevice(found.Nvvm, found.LibDevice);
            }
        });
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null);
        EntryPointDescription entry = grouped
            ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
            : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        try
        {
            var compiled = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
            Assert.Contains(".entry", compiled.PTXAssembly);
            Assert.DoesNotContain(".ftz", compiled.PTXAssembly);
            Assert.DoesNotContain("approx", compiled.PTXAssembly);
        }
        catch (Exception error) when (toolkit is null && NeedsLibDevice(error))
        {
            // Without the toolkit only the functions that libdevice provides may stop the compilation.
        }
    }

    /// <summary>The ILGPU intrinsics that only libdevice implements, as its errors quote them.</summary>
    private static readonly string[] LibDeviceFunctions = ["'ExpF'", "'LogF'", "'PowF'", "'TanhF'"];

    /// <summary>The compile failed only because exp, log, pow or tanh have no implementation without libdevice.</summary>
    private static bool NeedsLibDevice(Exception error)
    {
        string text = error.ToString();
        return text.Contains("NotSupportedIntrinsicException", StringComparison.Ordinal)
            && LibDeviceFunctions.Any(f => text.Contains($"The function {f} does not have an intrinsic implementation", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Name, (MethodInfo Method, bool Grouped) Kernel)> Instantiations()
    {
        (Type Element, Type Codec)[] elements = [(typeof(float), typeof(SingleCodec)), (typeof(double), typeof(DoubleCodec)), (typeof(IlgpuHalf), typeof(HalfCodec))];
        foreach ((Type element, Type codec) in elements)
        {
            foreach (string kernel in new[] { "Unary", "Binary", "Scalar", "Range", "Select", "Row" })
            {
                yield return ($"{kernel}<{element.Name}>", (Generic(typeof(ElementwiseKernels), kernel, element, codec), false));
            }

            yield return ($"FusedMultiplyAdd<{element.Name}>", (Generic(typeof(ElementwiseKernels), "FusedMultiplyAdd", element, codec, typeof(CudaMath)), false));
            yield return ($"Repeat<{element.Name}>", (Generic(typeof(ElementwiseKernels), "Repeat", element), false));
            yield return ($"Fill<{element.Name}>", (Generic(typeof(ElementwiseKernels), "Fill", element), false));
            yield return ($"CopyColumns<{element.Name}>", (Generic(typeof(ElementwiseKernels), "CopyColumns", element), false));
            yield return ($"FirstNonFinite<{element.Name}>", (Generic(typeof(ScanKernels), "FirstNonFinite", element, codec), true));
            yield return ($"Summarize<{element.Name}>", (Generic(typeof(ScanKernels), "Summarize", element, codec), true));
            yield return ($"Rows<{element.Name}>", (Generic(typeof(ReductionKernels), "Rows", element, codec), false));
            yield return ($"Columns<{element.Name}>", (Generic(typeof(ReductionKernels), "Columns", element, codec), false));
            if (element != typeof(double))
            {
                yield return ($"GemmSingle<{element.Name}>", (Generic(typeof(GemmKernels), "Single", element, codec, typeof(CudaMath)), true));
                yield return ($"WholeSingle<{element.Name}>", (Generic(typeof(ReductionKernels), "WholeSingle", element, codec), true));
            }
        }

        yield return ("GemmDouble", (Generic(typeof(GemmKernels), "Double", typeof(CudaMath)), true));
        yield return ("WholeDouble", (typeof(ReductionKernels).GetMethod("WholeDouble")!, true));
    }

    private static MethodInfo Generic(Type owner, string name, params Type[] arguments)
        => owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(arguments);
}
