// Gradcheck of a user-defined function: a small attention-like score with a clamp to tensor bounds and a gather,
// checked in fp64 (reverse mode, forward mode and the Hessian-vector product against central differences) and in
// fp32 with fp32 tolerances. GradCheck names the worst element when a check fails.
using System.Numerics;
using Kernel.Autodiff;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Ops;

var function = new ClampedAttention();
var random = new Random(5);
double[] Uniform(int n) => Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
double[][] point = [Uniform(12), Uniform(4), Uniform(3)];

GradCheckResult[] results =
[
    GradCheck.Gradient<double>(function, point),
    GradCheck.Jvp<double>(function, point),
    GradCheck.Hvp<double>(function, point),
    GradCheck.Gradient<float>(function, point),
];
foreach (GradCheckResult result in results)
{
    Console.WriteLine(result);
}

if (!results.All(r => r.Passed))
{
    Console.WriteLine("FAIL: a derivative disagrees with finite differences");
    return 1;
}

Console.WriteLine("OK gradcheck-function");
return 0;

/// <summary>
/// f(K, q, b) = logsumexp over rows of clamp(K q, -|b| - 1, |b| + 1) picked at rows [2, 0, 1] — keys K [3 x 4], query q [4],
/// bounds b [3] (softplus keeps the bounds apart, so the clamp's kinks stay away from the sample).
/// </summary>
internal sealed class ClampedAttention : IDifferentiableFunction
{
    public string Name => "clamped_attention";

    public IReadOnlyList<Shape> InputShapes { get; } = [Shape.Matrix(3, 4), Shape.Vector(4), Shape.Vector(3)];

    public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> scores = x[0].MatMul(x[1]);                                  // [3]
        Tensor<T> width = x[2].Softplus().AddScalar(T.CreateTruncating(2));
        Tensor<T> clamped = scores.Clamp(width.Negate(), width);
        Tensor<T> reordered = clamped.IndexSelect(0, [2, 0, 1]);
        return reordered.Square().LogSumExp();
    }
}
