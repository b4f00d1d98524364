using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernel.Kernels;
using Kernel.Kernels.Cpu;

namespace Kernel.Bench;

/// <summary>Square GEMM C = A * B (alpha 1, beta 0), fp32 and fp64, on 1 and 2 threads, with a GFLOP/s column.</summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[Config(typeof(GflopsColumn.Config))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] a = [];
    private T[] b = [];
    private T[] c = [];

    /// <summary>m = n = k.</summary>
    [Params(64, 256, 1024)]
    public int Size { get; set; }

    /// <summary>GemmOptions.MaxThreads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Fills the operands with values in [-1, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        a = Fill(rng, Size * Size);
        b = Fill(rng, Size * Size);
        c = new T[Size * Size];
    }

    /// <summary>One multiply.</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(Transpose.None, Transpose.None, Size, Size, Size, T.One, a, b, T.Zero, c, new GemmOptions(MaxThreads: Threads));

    private static T[] Fill(Random rng, int length)
    {
        var x = new T[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = T.CreateTruncating((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
