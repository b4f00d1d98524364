using Kernel.Algorithms.Distributions;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class CategoricalTests
{
    private static readonly double[] Logits = [0.5, -1.0, 2.0, 0.0, 3.0, -2.5];
    private static readonly double[] OldLogits = [0.0, 0.3, 1.0, -1.0, 2.0, 0.5];

    [Fact]
    public void LogProbEntropyAndKlMatchTheClosedForms()
    {
        var head = new Categorical<double>(3);
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Variable(Shape.Matrix(2, 3), Logits);
        double[] logProb = head.LogProb(logits, new[] { 2, 0 }).ToArray();
        double[] entropy = head.Entropy(logits).ToArray();
        double[] kl = head.Kl(tape.Constant(Shape.Matrix(2, 3), OldLogits), logits).ToArray();
        for (int r = 0; r < 2; r++)
        {
            double[] p = Softmax(Logits.AsSpan(r * 3, 3));
            double[] q = Softmax(OldLogits.AsSpan(r * 3, 3));
            Assert.Equal(Math.Log(p[r == 0 ? 2 : 0]), logProb[r], 14);
            Assert.Equal(-p.Select(x => x * Math.Log(x)).Sum(), entropy[r], 14);
            Assert.Equal(q.Select((x, k) => x * Math.Log(x / p[k])).Sum(), kl[r], 14);
        }

        Assert.All(head.Kl(logits, logits).ToArray(), x => Assert.Equal(0, x, 15));
    }

    [Fact]
    public void DoubleActionsSelectTheSameEntries()
    {
        var head = new Categorical<double>(3);
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Variable(Shape.Matrix(2, 3), Logits);
        Assert.Equal(head.LogProb(logits, new[] { 1, 2 }).ToArray(), head.LogProb(logits, new[] { 1.0, 2.0 }).ToArray());
    }

    [Fact]
    public void ShiftingARowOfLogitsChangesNothingEvenInFp32WithLargeLogits()
    {
        var head = new Categorical<float>(3);
        var tape = new Tape<float>();
        float[] logits = [0.5f, -1.0f, 2.0f];
        float[] shifted = [.. logits.Select(l => l + 1000f)];
        Tensor<float> a = tape.Variable(Shape.Matrix(1, 3), logits);
        Tensor<float> b = tape.Variable(Shape.Matrix(1, 3), shifted);
        Assert.Equal(head.LogProb(a, new[] { 1 }).Item(), head.LogProb(b, new[] { 1 }).Item(), 4);
        Assert.Equal(head.Entropy(a).Item(), head.Entropy(b).Item(), 4);
        Assert.Equal(0f, head.Kl(a, b).Item(), 4);
    }

    [Fact]
    public void MinusInfinityLogitsHaveProbabilityZeroWithoutNans()
    {
        var head = new Categorical<double>(3);
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Variable(Shape.Matrix(1, 3), [0.0, double.NegativeInfinity, Math.Log(3)]);
        Assert.Equal(Math.Log(0.75), head.LogProb(logits, new[] { 2 }).Item(), 14);
        int[] actions = new int[2000];
        double[] rows = [.. Enumerable.Repeat(new[] { 0.0, double.NegativeInfinity, Math.Log(3) }, actions.Length).SelectMany(r => r)];
        head.Sample(rows, new KernelRandom(3), actions);
        Assert.Contains(0, actions);
        Assert.DoesNotContain(1, actions);
    }

    [Fact]
    public void SampleFrequenciesMatchTheProbabilitiesWithinFiveStandardErrorsAndASeedReproducesThem()
    {
        const int n = 30000;
        var head = new Categorical<double>(3);
        double[] row = [0.0, Math.Log(2), Math.Log(3)];
        double[] logits = new double[n * 3];
        for (int r = 0; r < n; r++)
        {
            row.CopyTo(logits, r * 3);
        }

        int[] actions = new int[n];
        head.Sample(logits, new KernelRandom(17), actions);
        double[] p = [1.0 / 6, 2.0 / 6, 3.0 / 6];
        for (int k = 0; k < 3; k++)
        {
            double frequency = actions.Count(a => a == k) / (double)n;
            double standardError = Math.Sqrt(p[k] * (1 - p[k]) / n);
            Assert.InRange(frequency, p[k] - (5 * standardError), p[k] + (5 * standardError));
        }

        int[] again = new int[n];
        head.Sample(logits, new KernelRandom(17), again);
        Assert.Equal(actions, again);
    }

    [Fact]
    public void BadInputNamesTheParameter()
    {
        Assert.Equal("actionCount", Assert.Throws<ArgumentOutOfRangeException>(() => new Categorical<double>(0)).ParamName);
        var head = new Categorical<double>(3);
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Variable(Shape.Matrix(2, 3), Logits);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => head.Entropy(tape.Variable(Shape.Matrix(2, 2), [0.0, 0, 0, 0]))).ParamName);
        Assert.Equal("actions", Assert.Throws<ArgumentException>(() => head.LogProb(logits, new[] { 0 })).ParamName);
        Assert.Equal("actions", Assert.Throws<ArgumentOutOfRangeException>(() => head.LogProb(logits, new[] { 0, 3 })).ParamName);
        Assert.Equal("actions", Assert.Throws<ArgumentOutOfRangeException>(() => head.LogProb(logits, new[] { 0.5, 1.0 })).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => head.Sample([0.0, double.NaN, 1.0], new KernelRandom(1), new int[1])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => head.Sample([0.0, 1.0], new KernelRandom(1), new int[1])).ParamName);
    }

    private static double[] Softmax(ReadOnlySpan<double> logits)
    {
        double[] e = new double[logits.Length];
        for (int k = 0; k < logits.Length; k++)
        {
            e[k] = Math.Exp(logits[k]);
        }

        double total = e.Sum();
        return [.. e.Select(x => x / total)];
    }
}
