namespace Kernel.Algorithms.Objectives;

/// <summary>
/// PPO-KL's penalty coefficient beta: fixed (000 eq 12) or adapted between updates (003 / Schulman et al. 2017
/// section 4: halved when the KL undershoots target / 1.5, doubled above target * 1.5). Checkpoints carry it.
/// </summary>
/// <param name="beta">The initial coefficient.</param>
public sealed class KlPenalty(double beta)
{
    /// <summary>The current coefficient.</summary>
    public double Beta { get; set; } = beta;

    /// <summary>Adapts <see cref="Beta"/> to the update's mean KL (a non-finite KL leaves it as it is).</summary>
    public void Adapt(double klMean, double target)
    {
        if (double.IsFinite(klMean))
        {
            Beta = klMean < target / 1.5 ? Beta / 2 : klMean > target * 1.5 ? Beta * 2 : Beta;
        }
    }
}
