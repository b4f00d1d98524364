using Kernel.Algorithms.Mollification;
using Kernel.Envs.Control;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The maximal Lyapunov exponent of the closed loop (model + deterministic controller at theta) at every point of a
/// slice, from the model's s0, in double: where it exceeds -ln gamma, Proposition 3.1 of seed paper 002 allows J to be
/// non-smooth there. Points run in parallel; every point uses the same initial direction (seed), so the result does
/// not depend on the number of threads.
/// </summary>
public static class LyapunovLandscape
{
    /// <summary>Per point: <see cref="LandscapePoint.Mean"/> is the exponent per step (standard deviation 0).</summary>
    /// <param name="createModel">Makes one model per worker.</param>
    /// <param name="controller">The controller form (each worker gets a copy).</param>
    /// <param name="slice">The slice of parameter space.</param>
    /// <param name="steps">Measured steps per point.</param>
    /// <param name="transientSteps">Steps discarded first.</param>
    /// <param name="separation">The renormalised separation d0.</param>
    /// <param name="seed">Seeds the initial direction.</param>
    /// <param name="threads">Parallel workers.</param>
    public static LandscapePoint[] Evaluate(Func<IControlModel<double>> createModel, Controller<double> controller, LandscapeSlice slice, int steps, int transientSteps, double separation, ulong seed, int threads)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(slice);
        SettingCheck.Require(threads >= 1, "threads", threads, "at least 1");
        if (slice.Dimension != controller.ParameterCount)
        {
            throw new ArgumentException($"the slice has {slice.Dimension} parameters; the controller ({controller.Description}) has {controller.ParameterCount}.", nameof(slice));
        }

        var points = new LandscapePoint[slice.Count];
        Parallel.For(
            0,
            slice.Count,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Model: createModel(), Controller: controller.Clone()),
            (index, _, worker) =>
            {
                slice.Theta(index, worker.Controller.Parameters);
                double[] s0 = new double[worker.Model.StateSize];
                worker.Model.WriteInitialState(s0);
                LyapunovEstimate estimate = LyapunovEstimator.Estimate(LyapunovEstimator.ClosedLoop(worker.Model, worker.Controller), s0, steps, transientSteps, separation, worker.Model.StepSeconds, seed);
                (double a, double b) = slice.Coordinates(index);
                points[index] = new LandscapePoint(a, b, estimate.PerStep, 0.0);
                return worker;
            },
            _ => { });
        return points;
    }
}
