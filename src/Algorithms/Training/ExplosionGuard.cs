using System.Globalization;
using Kernel.Algorithms.Diagnostics;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Autodiff.Monitor;

namespace Kernel.Algorithms.Training;

/// <summary>
/// Explosions are reported, not hidden: finds the first non-finite action, value, loss, gradient or parameter (or an
/// old policy with a sigma of 0), marks the update exploded (<see cref="UpdateRecord.Exploded"/>,
/// <see cref="UpdateRecord.ExplodedAt"/>) and replays the
/// failing computation with the numerics monitor attached so that <see cref="Report"/> names the op and label that
/// first produced a non-finite value (the run writes it to numerics.json).
/// Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="tape">The tape the replay records on.</param>
/// <param name="parameters">The parameters searched for the first non-finite gradient or value.</param>
/// <param name="record">The trainer's update record.</param>
public sealed class ExplosionGuard<T>(Tape<T> tape, IReadOnlyList<NamedParameter<T>> parameters, UpdateRecord record)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Whether an update exploded.</summary>
    public bool Exploded { get; private set; }

    /// <summary>The monitor's report of the op that first produced a non-finite value in the replay (null if none or not exploded).</summary>
    public AnomalyReport? Report { get; private set; }

    /// <summary>"&lt;what&gt; = v (rollout step t, copy i)" for the first non-finite value, or null.</summary>
    public static string? NonFinite(ReadOnlySpan<double> values, string what, int step, int perCopy)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                return $"{what} = {values[k].ToString(CultureInfo.InvariantCulture)} (rollout step {step + 1}, copy {(k / perCopy) + 1})";
            }
        }

        return null;
    }

    /// <summary>
    /// "old policy &lt;what&gt; = v (rollout step t, copy i)" for the first number of one env step's stored old
    /// policies that <paramref name="head"/> refuses (a sigma of 0 or a non-finite number: the policy broke down), or
    /// null. Found here, the run explodes instead of the natural-gradient step refusing the batch as bad input.
    /// </summary>
    public static string? InvalidOldPolicy(IPolicyHead<T> head, ReadOnlySpan<double> oldPolicy, int step)
    {
        ArgumentNullException.ThrowIfNull(head);
        return head.FirstInvalidOldPolicy(oldPolicy) is ({ } k, { } what)
            ? $"old policy {what} = {oldPolicy[k].ToString(CultureInfo.InvariantCulture)} (rollout step {step + 1}, copy {(k / head.OldPolicySize) + 1})"
            : null;
    }

    /// <summary>The name of the first parameter whose gradient (or value) holds a non-finite number, or null.</summary>
    public string? FirstNonFinite(bool gradients)
    {
        foreach (NamedParameter<T> parameter in parameters)
        {
            ReadOnlySpan<T> values = gradients ? tape.AccumulatedGradient(parameter.Tensor).Values : parameter.Tensor.Values;
            foreach (T value in values)
            {
                if (!T.IsFinite(value))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }

    /// <summary>The failure of a step, or null: the loss, then the gradient norm, then (after the step) the parameters.</summary>
    public string? StepFailure(string what, double loss, double gradNorm, string where)
        => !double.IsFinite(loss) ? $"{what}loss = {loss} ({where})"
            : !double.IsFinite(gradNorm) ? FirstNonFinite(gradients: true) is { } parameter
                ? $"{what}gradient {parameter} ({where}, norm {gradNorm})"
                : $"{what}gradient norm = {gradNorm} ({where}; every component is finite, the sum of their squares is not)"
            : null;

    /// <summary>Marks the update exploded with <paramref name="failure"/> and runs <paramref name="replay"/> under a fresh anomaly-detecting monitor.</summary>
    public void Explode(string failure, Action replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        Exploded = true;
        record.Exploded = true;
        record.ExplodedAt = failure;
        var monitor = new NumericsMonitor<T>(detectAnomalies: true, trackHeadroom: false);
        tape.Monitor = monitor;
        try
        {
            replay();
        }
        finally
        {
            tape.Monitor = null;
            Report = monitor.FirstAnomaly;
        }
    }
}
