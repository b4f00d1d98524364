using System.Globalization;

namespace Kernel.Bench.Harness;

/// <summary>
/// The workload names and shapes every contender serves under (the contract with bench/compare and
/// bench/peers/pytorch_bench.py, which spells the same strings). GEMM names come from <see cref="GemmShape.Name"/>.
/// Thread-safety: immutable.
/// </summary>
public static class WorkloadNames
{
    /// <summary>tanh forward and backward over 1e6 elements.</summary>
    public const string Tanh = "tanh fwd+bwd 1e6";

    /// <summary>One policy gradient of the 17-64-64-6 Gaussian policy at batch 2048 (the FVP target's yardstick).</summary>
    public const string PolicyGradient = "gradient 17-64-64-6 b2048";

    /// <summary>One Fisher-vector product (F + 0.1 I) v of that policy at batch 2048.</summary>
    public const string FisherVectorProduct = "fvp 17-64-64-6 b2048";

    /// <summary>CG(10) for (F + 0.1 I) x = v with those products.</summary>
    public const string ConjugateGradient = "cg(10) 17-64-64-6 b2048";

    /// <summary>The single-core FMA throughput probe.</summary>
    public const string FmaPeak = "fma peak";

    /// <summary>Thread counts of the compute workloads.</summary>
    public static IReadOnlyList<int> ThreadCounts { get; } = [1, 2];

    /// <summary>The MLP shapes of issue 8: widths and batch.</summary>
    public static IReadOnlyList<(int[] Widths, int Batch)> MlpShapes { get; } =
    [
        ([17, 64, 64, 6], 64),
        ([17, 64, 64, 6], 2048),
        ([376, 1024, 1024, 17], 64),
    ];

    /// <summary>"mlp 17-64-64-6 b64 fwd+bwd".</summary>
    public static string Mlp(IReadOnlyList<int> widths, int batch)
    {
        ArgumentNullException.ThrowIfNull(widths);
        return string.Create(CultureInfo.InvariantCulture, $"mlp {string.Join('-', widths)} b{batch} fwd+bwd");
    }

    /// <summary>"Pendulum-v1 step": one step of one env.</summary>
    public static string EnvStep(string envId) => $"{envId} step";

    /// <summary>"Pendulum-v1 VectorEnv(64) step": one batch step, reported per env step.</summary>
    public static string VectorEnvStep(string envId, int copies)
        => string.Create(CultureInfo.InvariantCulture, $"{envId} VectorEnv({copies}) step");

    /// <summary>"fp32" or "fp64": the precisions every contender serves.</summary>
    public static IReadOnlyList<string> Precisions { get; } = ["fp32", "fp64"];

    /// <summary>"fp16": Kernel's half-precision mode, served by Kernel alone for the PPO updates, to set its cost beside fp32's.</summary>
    public const string HalfPrecision = "fp16";
}
