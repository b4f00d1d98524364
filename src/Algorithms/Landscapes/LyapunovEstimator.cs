using Kernel.Algorithms.Mollification;
using Kernel.Envs;
using Kernel.Envs.Control;

namespace Kernel.Algorithms.Landscapes;

/// <summary>
/// The maximal Lyapunov exponent of a map by the two-trajectory renormalisation method (Benettin, Galgani, Giorgilli
/// and Strelcyn 1980): a reference state x and a companion x + d0 v (v a random unit vector) are advanced together;
/// after every step the separation d_k = |x'_k - x_k| is measured, ln(d_k / d0) accumulated, and the companion pulled
/// back to distance d0 along the same direction. The mean of the logarithms converges to the largest exponent (the
/// direction aligns with the fastest-growing one). Proposition 3.1 of seed paper 002 ties it to the landscape:
/// J is (-ln gamma / lambda)-Hoelder when lambda &gt; -ln gamma. Double precision.
/// </summary>
public static class LyapunovEstimator
{
    /// <summary>Estimates the exponent of <paramref name="map"/> from <paramref name="initialState"/>.</summary>
    /// <param name="map">The map, applied in place; called twice per step (reference and companion).</param>
    /// <param name="initialState">x_0.</param>
    /// <param name="steps">Measured steps (at least 1).</param>
    /// <param name="transientSteps">Steps the reference takes alone first (0 measures from x_0).</param>
    /// <param name="separation">d0 (positive; small enough that the map is nearly linear at that scale).</param>
    /// <param name="stepSeconds">Seconds per step (1 for a map without time).</param>
    /// <param name="seed">Seeds the initial direction v.</param>
    /// <returns>The estimate; -infinity per step if the two trajectories merged exactly.</returns>
    public static LyapunovEstimate Estimate(StateMap map, ReadOnlySpan<double> initialState, int steps, int transientSteps, double separation, double stepSeconds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(map);
        SettingCheck.Require(steps >= 1, "lyapunov_steps", steps, "at least 1");
        SettingCheck.Require(transientSteps >= 0, "lyapunov_transient", transientSteps, "at least 0");
        SettingCheck.Require(separation > 0 && double.IsFinite(separation), "lyapunov_separation", separation, "a finite number > 0");
        SettingCheck.Require(stepSeconds > 0 && double.IsFinite(stepSeconds), "step_seconds", stepSeconds, "a finite number > 0");
        int n = initialState.Length;
        double[] x = initialState.ToArray();
        double[] y = new double[n];
        for (int k = 0; k < transientSteps; k++)
        {
            map(x);
        }

        var random = new KernelRandom(seed);
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            y[i] = random.Normal();
            norm += y[i] * y[i];
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i] + (separation * y[i] / norm);
        }

        double sum = 0;
        for (int k = 0; k < steps; k++)
        {
            map(x);
            map(y);
            double distance = 0;
            for (int i = 0; i < n; i++)
            {
                distance += (y[i] - x[i]) * (y[i] - x[i]);
            }

            distance = Math.Sqrt(distance);
            if (distance == 0)
            {
                return new LyapunovEstimate(double.NegativeInfinity, double.NegativeInfinity, k + 1, separation);
            }

            sum += Math.Log(distance / separation);
            double scale = separation / distance;
            for (int i = 0; i < n; i++)
            {
                y[i] = x[i] + (scale * (y[i] - x[i]));
            }
        }

        double perStep = sum / steps;
        return new LyapunovEstimate(perStep, perStep / stepSeconds, steps, separation);
    }

    /// <summary>The closed loop s_{k+1} = model step of s_k under u = controller(s_k), as a map on the model's state.</summary>
    public static StateMap ClosedLoop(IControlModel<double> model, Controller<double> controller)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(controller);
        double[] action = new double[model.ActionSize];
        return state =>
        {
            controller.Act(state, action);
            model.Step(state, action);
        };
    }
}
