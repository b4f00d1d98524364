using System.Globalization;

namespace Kernel.Algorithms.Training;

/// <summary>The outcome of a <see cref="TrainingParity"/> comparison.</summary>
/// <param name="Device">The device compared with the CPU.</param>
/// <param name="Precision">"fp32" or "fp64".</param>
/// <param name="Passed">Whether every metric of every update was within the tolerance.</param>
/// <param name="Updates">Updates compared.</param>
/// <param name="Tolerance">The relative tolerance (absolute below magnitude 1).</param>
/// <param name="Worst">The metric and update with the largest scaled difference, e.g. "update 3 grad_norm".</param>
/// <param name="HostValue">The CPU's value there (NaN where absent).</param>
/// <param name="DeviceValue">The device's value there (NaN where absent).</param>
/// <param name="Error">|device - cpu| / max(1, |cpu|) there (+inf where one is missing or non-finite and the other is not).</param>
public sealed record TrainingParityResult(
    string Device,
    string Precision,
    bool Passed,
    int Updates,
    double Tolerance,
    string Worst,
    double HostValue,
    double DeviceValue,
    double Error)
{
    /// <summary>One line for logs and test failures.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"training {Precision} {Device} vs cpu: {(Passed ? "pass" : "FAIL")} over {Updates} updates, worst {Worst}: device {DeviceValue:R} vs cpu {HostValue:R}, scaled error {Error:G3} <= {Tolerance:G3}");
}
