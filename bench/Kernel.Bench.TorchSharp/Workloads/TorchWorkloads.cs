using Kernel.Bench.Harness;

namespace Kernel.Bench.TorchSharp.Workloads;

/// <summary>
/// Every workload the TorchSharp peer serves: the compute workloads of bench/Kernel.Bench under the same names, in
/// fp32 and fp64 on one and two threads (no env stepping: TorchSharp has no envs). Thread-safety: immutable.
/// </summary>
public static class TorchWorkloads
{
    /// <summary>All workloads.</summary>
    public static IEnumerable<WorkloadDefinition> All()
    {
        foreach (string precision in WorkloadNames.Precisions)
        {
            ScalarType dtype = TorchTensors.DtypeOf(precision);
            foreach (int threads in WorkloadNames.ThreadCounts)
            {
                foreach (GemmShape shape in GemmShape.All)
                {
                    yield return new WorkloadDefinition(
                        new WorkloadKey(shape.Name, precision, threads),
                        () => new TorchGemmWorkload(shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, dtype, threads),
                        Flops: shape.Flops);
                }

                yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.Tanh, precision, threads), () => new TorchTanhWorkload(dtype, threads));
                foreach ((int[] widths, int batch) in WorkloadNames.MlpShapes)
                {
                    yield return new WorkloadDefinition(
                        new WorkloadKey(WorkloadNames.Mlp(widths, batch), precision, threads),
                        () => new TorchMlpWorkload(widths, batch, dtype, threads));
                }

                foreach (PpoShape shape in PpoShape.All)
                {
                    yield return new WorkloadDefinition(new WorkloadKey(shape.Name, precision, threads), () => new TorchPpoUpdateWorkload(shape, dtype, threads));
                }

                yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.PolicyGradient, precision, threads), () => new TorchPolicyGradientWorkload(dtype, threads));
                yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.FisherVectorProduct, precision, threads), () => new TorchFisherVectorProductWorkload(dtype, threads));
                yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.ConjugateGradient, precision, threads), () => new TorchConjugateGradientWorkload(dtype, threads));
            }
        }
    }
}
