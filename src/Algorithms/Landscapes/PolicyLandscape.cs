using System.Numerics;
using Kernel.Algorithms.Mollification;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The landscape of J(theta) on a slice: at each point the controller's parameters are theta0 + a d1 + b d2 (computed in
/// double, then rounded to <typeparamref name="T"/>) and J is the deterministic return (sigma = 0) or the Gaussian
/// policy's expected return, the mollified J (seed paper 002, sections 4-5). Points run in parallel; the result
/// depends only on the inputs and settings.Seed, not on settings.Threads.
/// </summary>
/// <typeparam name="T">The arithmetic of the closed loop.</typeparam>
public static class PolicyLandscape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Evaluates every point of <paramref name="slice"/>, numbered as the slice numbers them.</summary>
    /// <param name="createSystem">Makes one system per worker.</param>
    /// <param name="controller">The controller form (its own parameters are not used; each worker gets a copy).</param>
    /// <param name="slice">The slice; its dimension must be the controller's parameter count.</param>
    /// <param name="settings">Horizon, discount, sigma, trajectories, seed, threads.</param>
    /// <exception cref="ArgumentException">A mismatch of controller, env and slice, or an invalid setting; one line.</exception>
    public static LandscapePoint[] Evaluate(Func<ILandscapeSystem<T>> createSystem, Controller<T> controller, LandscapeSlice slice, LandscapeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(controller);
        if (slice.Dimension != controller.ParameterCount)
        {
            throw new ArgumentException($"the slice has {slice.Dimension} parameters; the controller ({controller.Description}) has {controller.ParameterCount}.", nameof(slice));
        }

        return PointEvaluation.Run(slice.Count, createSystem, controller, settings, (worker, index) =>
        {
            Span<double> theta = slice.Dimension <= 256 ? stackalloc double[slice.Dimension] : new double[slice.Dimension];
            slice.Theta(index, theta);
            Span<T> parameters = worker.Controller.Parameters;
            for (int i = 0; i < theta.Length; i++)
            {
                parameters[i] = T.CreateChecked(theta[i]);
            }

            (double mean, double std) = worker.Evaluate([]);
            (double a, double b) = slice.Coordinates(index);
            return new LandscapePoint(a, b, mean, std);
        });
    }
}
