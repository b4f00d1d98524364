using System.Globalization;

namespace Kernel.Bench.Harness;

/// <summary>
/// One GEMM shape of the benchmarks: C [m, n] = op(A) op(B), with A stored [m, k] (or [k, m] when transposed) and B
/// stored [k, n] (or [n, k]). The name shows the stored operands, e.g. "gemm 64x17 @ (64x17)^T", the same in every
/// contender. Immutable.
/// </summary>
/// <param name="TransposeA">Whether A is stored [k, m] and used transposed.</param>
/// <param name="TransposeB">Whether B is stored [n, k] and used transposed.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The reduced dimension.</param>
public sealed record GemmShape(bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>
    /// The shapes of issue 8: square 64, 256 and 1024, and those of a 17-64-64-6 MLP at batch 64 and 2048 — the
    /// forward x W^T (NT), the plain products, and the weight gradients dY^T X (TN).
    /// </summary>
    public static IReadOnlyList<GemmShape> All { get; } =
    [
        new(false, false, 64, 64, 64),
        new(false, false, 256, 256, 256),
        new(false, false, 1024, 1024, 1024),
        new(false, false, 64, 64, 17),
        new(false, false, 2048, 64, 64),
        new(false, true, 64, 64, 17),
        new(false, true, 2048, 64, 64),
        new(true, false, 64, 17, 64),
        new(true, false, 64, 64, 2048),
    ];

    /// <summary>"gemm 1024^3" for square untransposed products, else "gemm A @ B" with stored shapes and ^T marks.</summary>
    public string Name => TransposeA || TransposeB || M != N || N != K
        ? $"gemm {Operand(TransposeA, M, K)} @ {Operand(TransposeB, K, N)}"
        : string.Create(CultureInfo.InvariantCulture, $"gemm {M}^3");

    /// <summary>2 m n k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Elements of stored A.</summary>
    public int ALength => M * K;

    /// <summary>Elements of stored B.</summary>
    public int BLength => K * N;

    /// <summary>The name (BenchmarkDotNet shows parameters by ToString).</summary>
    public override string ToString() => Name;

    /// <summary>"rows x columns" of op(X) = [rows, columns], stored transposed as "(columns x rows)^T".</summary>
    private static string Operand(bool transposed, int rows, int columns) => transposed
        ? string.Create(CultureInfo.InvariantCulture, $"({columns}x{rows})^T")
        : string.Create(CultureInfo.InvariantCulture, $"{rows}x{columns}");
}
