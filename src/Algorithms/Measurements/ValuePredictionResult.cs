namespace Kernel.Algorithms.Measurements;

/// <summary>What <see cref="ValuePrediction.Measure"/> found on held-out samples.</summary>
/// <param name="Values">V(s) of the value network per sample.</param>
/// <param name="GaeTargets">V_old(s) + A_GAE per sample (eq 17's targets).</param>
/// <param name="EmpiricalReturns">The discounted return per sample, NaN where its tail was not seen.</param>
/// <param name="GaeMre">Mean relative error against the GAE targets.</param>
/// <param name="ReturnsMre">Mean relative error against the empirical returns (the samples that have one).</param>
public sealed record ValuePredictionResult(double[] Values, double[] GaeTargets, double[] EmpiricalReturns, double GaeMre, double ReturnsMre)
{
    /// <summary>Samples with an empirical return.</summary>
    public int ReturnsCounted => EmpiricalReturns.Count(r => !double.IsNaN(r));
}
