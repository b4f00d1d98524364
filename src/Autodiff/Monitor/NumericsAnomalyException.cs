namespace Kernel.Autodiff.Monitor;

/// <summary>Thrown by a monitor created with <c>throwOnAnomaly: true</c> at the first non-finite value.</summary>
public sealed class NumericsAnomalyException : Exception
{
    /// <summary>Creates the exception for <paramref name="report"/>.</summary>
    public NumericsAnomalyException(AnomalyReport report)
        : base(report.Describe()) => Report = report;

    /// <summary>Where and how the value went non-finite.</summary>
    public AnomalyReport Report { get; }
}
