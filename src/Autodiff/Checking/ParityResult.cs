using System.Globalization;

namespace Kernel.Autodiff.Checking;

/// <summary>The outcome of one <see cref="BackendParity"/> comparison of a device with the host.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Precision">"fp16", "fp32" or "fp64".</param>
/// <param name="Device">The device backend's name, e.g. "ilgpu-cpu".</param>
/// <param name="Exact">Whether every op that ran has the host's operation order, so bitwise equality was required.</param>
/// <param name="Passed">Whether every compared value was within the bound (bitwise equal when <paramref name="Exact"/>).</param>
/// <param name="Compared">How many values were compared (output, gradient, JVP and HVP together).</param>
/// <param name="Worst">Where the largest error relative to its bound is: "output[3]", "gradient[0][5]", "jvp[2]", "hvp[1][0]".</param>
/// <param name="DeviceValue">The device's value there.</param>
/// <param name="HostValue">The host's value there.</param>
/// <param name="Error">|device - host| there (0 for equal values, including equal infinities and two NaNs).</param>
/// <param name="Bound">The bound it was held to there (0 when exact).</param>
/// <param name="InexactOps">The ops that ran whose device order or math library differs from the host's (empty when exact).</param>
public sealed record ParityResult(
    string Function,
    string Precision,
    string Device,
    bool Exact,
    bool Passed,
    int Compared,
    string Worst,
    double DeviceValue,
    double HostValue,
    double Error,
    double Bound,
    IReadOnlyList<string> InexactOps)
{
    /// <summary>One line for logs and test failures.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Function} {Precision} {Device} vs cpu: {(Passed ? "pass" : "FAIL")} ({(Exact ? "bitwise" : $"bounded; inexact ops {string.Join(",", InexactOps)}")}) over {Compared}, worst {Worst}: device {DeviceValue:R} vs host {HostValue:R}, error {Error:G3} <= {Bound:G3}");
}
