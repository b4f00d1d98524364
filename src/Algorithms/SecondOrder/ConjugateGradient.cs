using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// Conjugate gradient for A x = b with A symmetric positive definite given only as products
/// (<see cref="ILinearOperator{T}"/>), starting from x = 0 (003, 004 section 4.3: TRPO's search direction
/// F^-1 g without forming F). Vectors, dot products and updates are in T (SIMD dot and axpy; fp16 dots accumulate in
/// fp32 as everywhere), so a solve in fp16 shows what fp16 does to CG. The residual norms that decide convergence and
/// are reported are taken in fp64 over the T residual: in fp16, r^T r underflows to 0 long before r does, and a
/// solver that trusted it would claim a convergence it never reached. Owns its work vectors: after construction a solve allocates nothing.
/// Thread-safety: one thread at a time.
/// </summary>
/// <typeparam name="T">Half, float or double.</typeparam>
public sealed class ConjugateGradient<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] residual;
    private readonly T[] direction;
    private readonly T[] product;
    private readonly double[] history;
    private int historyLength;

    /// <summary>A solver for systems of size <paramref name="dimension"/>.</summary>
    public ConjugateGradient(int dimension, ConjugateGradientOptions? options = null)
    {
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be at least 1.");
        }

        Options = options ?? new ConjugateGradientOptions();
        Options.Validate();
        Dimension = dimension;
        residual = new T[dimension];
        direction = new T[dimension];
        product = new T[dimension];
        history = new double[Options.MaxIterations + 1];
    }

    /// <summary>The system size.</summary>
    public int Dimension { get; }

    /// <summary>The settings (validated).</summary>
    public ConjugateGradientOptions Options { get; }

    /// <summary>||r_k|| for k = 0 (||b||) .. the last iteration of the latest solve.</summary>
    public ReadOnlySpan<double> ResidualHistory => history.AsSpan(0, historyLength);

    /// <summary>Solves (A + damping I) x = b from x = 0, writing x into <paramref name="solution"/>.</summary>
    /// <param name="matrix">A, of this solver's dimension.</param>
    /// <param name="rightHandSide">b.</param>
    /// <param name="solution">x (overwritten).</param>
    public ConjugateGradientResult Solve(ILinearOperator<T> matrix, ReadOnlySpan<T> rightHandSide, Span<T> solution)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Dimension != Dimension || rightHandSide.Length != Dimension || solution.Length != Dimension)
        {
            throw new ArgumentException(
                $"matrix ({matrix.Dimension}), rightHandSide ({rightHandSide.Length}) and solution ({solution.Length}) must all have the solver's dimension {Dimension}.",
                nameof(rightHandSide));
        }

        solution.Clear();
        rightHandSide.CopyTo(residual);
        rightHandSide.CopyTo(direction);
        T rr = Reductions.Dot<T>(residual, residual);
        double bNorm = WideVector.Norm<T>(residual);
        double threshold = Options.Tolerance * bNorm;
        historyLength = 0;
        history[historyLength++] = bNorm;
        if (bNorm <= threshold)
        {
            return new ConjugateGradientResult(0, ConjugateGradientStop.Converged, bNorm, bNorm == 0 ? 0 : 1);
        }

        T damping = T.CreateChecked(Options.Damping);
        double rNorm = bNorm;
        for (int k = 0; k < Options.MaxIterations; k++)
        {
            matrix.Apply(direction, product);
            if (Options.Damping != 0)
            {
                Elementwise.MultiplyScalarAdd<T>(direction, damping, product, product);
            }

            T pAp = Reductions.Dot<T>(direction, product);
            if (!(pAp > T.Zero) || !T.IsFinite(pAp))
            {
                return new ConjugateGradientResult(k, ConjugateGradientStop.Breakdown, rNorm, rNorm / bNorm);
            }

            T alpha = rr / pAp;
            Elementwise.MultiplyScalarAdd<T>(direction, alpha, solution, solution);
            Elementwise.MultiplyScalarAdd<T>(product, -alpha, residual, residual);
            T rrNext = Reductions.Dot<T>(residual, residual);
            rNorm = WideVector.Norm<T>(residual);
            history[historyLength++] = rNorm;
            if (rNorm <= threshold)
            {
                return new ConjugateGradientResult(k + 1, ConjugateGradientStop.Converged, rNorm, rNorm / bNorm);
            }

            T beta = rrNext / rr;
            rr = rrNext;
            Elementwise.MultiplyScalarAdd<T>(direction, beta, residual, direction);
        }

        return new ConjugateGradientResult(Options.MaxIterations, ConjugateGradientStop.MaxIterations, rNorm, rNorm / bNorm);
    }
}
