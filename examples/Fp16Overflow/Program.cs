// Provoking an fp16 overflow on purpose and reading the numerics monitor's report: exp of a log-ratio of 11.5 is
// 9.9e4 in fp64 but +inf in fp16 (max 65504). The monitor names the op, its label, where it sits on the tape, the
// input ranges and the value fp64 would have produced.
using Kernel.Autodiff;
using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;

var tape = new Tape<Half> { Monitor = new NumericsMonitor<Half>() };
Tensor<Half> logRatio = tape.Variable(Shape.Vector(3), [(Half)0.1, (Half)2.0, (Half)11.5], "log_ratio");
Tensor<Half> ratio = logRatio.Exp("ratio");
Tensor<Half> objective = ratio.Mean("objective");

AnomalyReport? report = tape.Monitor.FirstAnomaly;
if (report is null)
{
    Console.WriteLine("FAIL: no anomaly was reported");
    return 1;
}

string text = report.Describe();
Console.WriteLine(text);
Console.WriteLine($"objective = {objective.Item()} (the mean of a vector holding +inf)");
if (!text.Contains("exp(\"ratio\")") || !text.Contains("fp16 max 65504"))
{
    Console.WriteLine("FAIL: the report does not name exp(\"ratio\") and the fp16 maximum");
    return 1;
}

Console.WriteLine("OK fp16-overflow");
return 0;
