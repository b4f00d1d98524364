using Kernel.Algorithms.Nn;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// TRPO's backtracking line search (003 pseudocode, 004 Algorithm 5): tries theta_old + shrink^m full_step for
/// m = 0, 1, ... and accepts the first with mean KL &lt;= delta and a surrogate strictly above the old one. When none
/// qualifies the parameters are restored to theta_old bit for bit (some implementations keep the last trial; we do
/// not). Allocates nothing. Thread-safety: stateless; call it on the thread that owns the parameters' tape.
/// </summary>
public static class BacktrackingLineSearch
{
    /// <summary>Searches along <paramref name="fullStep"/> from <paramref name="start"/>, leaving the accepted parameters (or <paramref name="start"/>) in place.</summary>
    /// <param name="parameters">The policy's parameters (set to each trial point).</param>
    /// <param name="start">theta_old as a flat vector.</param>
    /// <param name="fullStep">The step at fraction 1, sqrt(2 delta / x^T F x) x (<see cref="NaturalStep.Scale"/>).</param>
    /// <param name="surrogateBefore">L(theta_old).</param>
    /// <param name="objective">Measures the surrogate and mean KL at the current parameters.</param>
    /// <param name="options">delta, steps and shrink factor.</param>
    /// <param name="trial">Scratch of the parameters' length.</param>
    public static LineSearchResult Search<T>(
        IReadOnlyList<NamedParameter<T>> parameters, ReadOnlySpan<T> start, ReadOnlySpan<T> fullStep, double surrogateBefore,
        ITrustRegionObjective objective, LineSearchOptions options, Span<T> trial)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (start.Length != fullStep.Length || trial.Length != start.Length)
        {
            throw new ArgumentException($"start ({start.Length}), fullStep ({fullStep.Length}) and trial ({trial.Length}) must have the same length.", nameof(fullStep));
        }

        double fraction = 1;
        for (int step = 1; step <= options.MaxSteps; step++)
        {
            Elementwise.MultiplyScalarAdd(fullStep, T.CreateChecked(fraction), start, trial);
            ParameterVector.SetValues(parameters, trial);
            (double surrogate, double meanKl) = objective.Evaluate();
            if (meanKl <= options.MaxKl && surrogate > surrogateBefore)
            {
                return new LineSearchResult(true, step, fraction, surrogate, meanKl);
            }

            fraction *= options.Shrink;
        }

        ParameterVector.SetValues(parameters, start);
        return new LineSearchResult(false, options.MaxSteps, 0, surrogateBefore, 0);
    }
}
