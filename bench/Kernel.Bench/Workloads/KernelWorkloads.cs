using Kernel.Bench.Harness;

namespace Kernel.Bench.Workloads;

/// <summary>
/// Every workload Kernel serves to bench/compare, in fp32 and fp64 on one and two threads (env stepping and the FMA
/// probe on one), and the PPO updates in fp16 too. The names are the contract with the peers (bench/Kernel.Bench.TorchSharp, bench/peers/pytorch_bench.py).
/// Thread-safety: immutable.
/// </summary>
public static class KernelWorkloads
{
    /// <summary>The env of the stepping workloads.</summary>
    public const string EnvId = "Pendulum-v1";

    /// <summary>Copies in the vector-env workload.</summary>
    public const int VectorCopies = 64;

    /// <summary>All workloads.</summary>
    public static IEnumerable<WorkloadDefinition> All()
    {
        foreach (WorkloadDefinition definition in InPrecision<float>())
        {
            yield return definition;
        }

        foreach (WorkloadDefinition definition in InPrecision<double>())
        {
            yield return definition;
        }

        foreach (int threads in WorkloadNames.ThreadCounts)
        {
            foreach (PpoShape shape in PpoShape.All)
            {
                yield return new WorkloadDefinition(
                    new WorkloadKey(shape.Name, WorkloadNames.HalfPrecision, threads), () => new PpoUpdateWorkload<Half>(shape, threads));
            }
        }

        yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.EnvStep(EnvId), "fp64", 1), () => new EnvStepWorkload(EnvId));
        yield return new WorkloadDefinition(
            new WorkloadKey(WorkloadNames.VectorEnvStep(EnvId, VectorCopies), "fp64", 1),
            () => new VectorEnvStepWorkload(EnvId, VectorCopies),
            OperationsPerRun: VectorCopies);
    }

    private static IEnumerable<WorkloadDefinition> InPrecision<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string precision = Precision.NameOf<T>();
        int size = typeof(T) == typeof(float) ? sizeof(float) : sizeof(double);
        yield return new WorkloadDefinition(
            new WorkloadKey(WorkloadNames.FmaPeak, precision, 1), () => new FmaPeakWorkload<T>(), Flops: FmaProbe.Flops<T>(FmaPeakWorkload<T>.Iterations));
        foreach (int threads in WorkloadNames.ThreadCounts)
        {
            foreach (GemmShape shape in GemmShape.All)
            {
                yield return new WorkloadDefinition(new WorkloadKey(shape.Name, precision, threads), () => new GemmWorkload<T>(shape, threads), Flops: shape.Flops);
            }

            yield return new WorkloadDefinition(
                new WorkloadKey(WorkloadNames.Tanh, precision, threads),
                () => new TanhWorkload<T>(threads),
                Bytes: (double)TanhWorkload<T>.ArraysMoved * TanhWorkload<T>.Length * size);
            foreach ((int[] widths, int batch) in WorkloadNames.MlpShapes)
            {
                yield return new WorkloadDefinition(
                    new WorkloadKey(WorkloadNames.Mlp(widths, batch), precision, threads),
                    () => new MlpWorkload<T>(widths, batch, threads),
                    Flops: FixedNetwork.ForwardBackwardFlops(widths, batch));
            }

            foreach (PpoShape shape in PpoShape.All)
            {
                yield return new WorkloadDefinition(new WorkloadKey(shape.Name, precision, threads), () => new PpoUpdateWorkload<T>(shape, threads));
            }

            yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.PolicyGradient, precision, threads), () => new PolicyGradientWorkload<T>(threads));
            yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.FisherVectorProduct, precision, threads), () => new FisherVectorProductWorkload<T>(threads));
            yield return new WorkloadDefinition(new WorkloadKey(WorkloadNames.ConjugateGradient, precision, threads), () => new ConjugateGradientWorkload<T>(threads));
        }
    }
}
