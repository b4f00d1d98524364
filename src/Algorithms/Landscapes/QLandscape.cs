using System.Numerics;
using Kernel.Algorithms.Mollification;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The Q-landscape Q(s0, a) of a fixed policy over a grid of first actions (seed paper 002, Fig 7b): the first action is
/// the grid point (other action coordinates 0), every later one the policy's (deterministic for sigma = 0, else the
/// Gaussian policy, averaged over the trajectories). Points run in parallel; the result does not depend on the number
/// of threads.
/// </summary>
/// <typeparam name="T">The arithmetic of the closed loop.</typeparam>
public static class QLandscape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Evaluates Q(s0, a) at a[i] = <paramref name="aValues"/>, a[j] = <paramref name="bValues"/> (row-major, a fastest).</summary>
    /// <param name="createSystem">Makes one system per worker.</param>
    /// <param name="controller">The policy, at its current parameters.</param>
    /// <param name="actionCoordinates">One or two action indices (i, j) the grid spans.</param>
    /// <param name="aValues">Values of action coordinate i.</param>
    /// <param name="bValues">Values of action coordinate j ([0] with one coordinate).</param>
    /// <param name="settings">Horizon, discount, sigma, trajectories, seed, threads.</param>
    /// <exception cref="ArgumentException">Bad action coordinates or an invalid setting; one line.</exception>
    public static LandscapePoint[] Evaluate(Func<ILandscapeSystem<T>> createSystem, Controller<T> controller, IReadOnlyList<int> actionCoordinates, double[] aValues, double[] bValues, LandscapeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(actionCoordinates);
        ArgumentNullException.ThrowIfNull(aValues);
        ArgumentNullException.ThrowIfNull(bValues);
        int m = controller.ActionDimension;
        if (actionCoordinates.Count is < 1 or > 2 || actionCoordinates.Distinct().Count() != actionCoordinates.Count || actionCoordinates.Any(i => i < 0 || i >= m)
            || (actionCoordinates.Count == 1 && bValues.Length != 1))
        {
            throw new ArgumentException($"directions = coords:{string.Join(',', actionCoordinates)}: must be one or two distinct action indices in [0, {m - 1}].", "directions");
        }

        return PointEvaluation.Run(aValues.Length * bValues.Length, createSystem, controller, settings, (worker, index) =>
        {
            double a = aValues[index % aValues.Length];
            double b = bValues[index / aValues.Length];
            Span<T> first = stackalloc T[m];
            first.Clear();
            first[actionCoordinates[0]] = T.CreateChecked(a);
            if (actionCoordinates.Count == 2)
            {
                first[actionCoordinates[1]] = T.CreateChecked(b);
            }

            (double mean, double std) = worker.Evaluate(first);
            return new LandscapePoint(a, b, mean, std);
        });
    }
}
