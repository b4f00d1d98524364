using Kernel.Autodiff.Ops;
using Xunit;

namespace Kernel.Autodiff.Tests;

public class TapeTests
{
    [Fact]
    public void BackwardAccumulatesIntoLeavesUntilZeroGrad()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Parameter(Shape.Vector(3), [1.0, 2.0, 3.0], "x");
        for (int pass = 1; pass <= 2; pass++)
        {
            tape.Backward(x.Square().Sum());
            Assert.Equal(new[] { 2.0 * pass, 4.0 * pass, 6.0 * pass }, tape.AccumulatedGradient(x).ToArray());
            tape.Reset();
        }

        tape.ZeroGrad();
        Assert.Equal([0.0, 0.0, 0.0], tape.AccumulatedGradient(x).ToArray());
    }

    [Fact]
    public void GradientDoesNotTouchLeafAccumulators()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(2), [3.0, -1.0]);
        Tensor<double> g = tape.Gradient(x.Multiply(x).Sum(), x);
        Assert.Equal(new[] { 6.0, -2.0 }, g.ToArray());
        Assert.Equal([0.0, 0.0], tape.AccumulatedGradient(x).ToArray());
    }

    [Fact]
    public void SharedSubexpressionsSumTheirGradients()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Scalar, [2.0]);
        Tensor<double> y = x.Multiply(x).Add(x.Exp()).Add(x);
        Assert.Equal((2 * 2.0) + Math.Exp(2.0) + 1, tape.Gradient(y, x).Item(), 12);
    }

    [Fact]
    public void DoubleBackwardGivesTheHessianVectorProduct()
    {
        // f(x) = sum(x^3)/3 + x0 * x1: H = diag(2x) + [[0,1],[1,0]].
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(2), [1.5, -2.0]);
        Tensor<double> f = x.Pow(3).Sum().MultiplyScalar(1.0 / 3).Add(x.SliceColumns(0, 1).Dot(x.SliceColumns(1, 1)));
        Tensor<double> g = tape.Gradient(f, x, createGraph: true);
        Tensor<double> v = tape.Constant(Shape.Vector(2), [1.0, 0.5]);
        Tensor<double> hv = tape.Gradient(g.Dot(v), x);
        Assert.Equal((2 * 1.5 * 1.0) + 0.5, hv.Values[0], 12);
        Assert.Equal(1.0 + (2 * -2.0 * 0.5), hv.Values[1], 12);
    }

    [Fact]
    public void BackwardWithCreateGraphMakesGradDifferentiable()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Parameter(Shape.Scalar, [0.7]);
        tape.Backward(x.Tanh(), createGraph: true);
        Tensor<double> first = tape.AccumulatedGradient(x);
        Assert.True(first.RequiresGrad);
        double second = tape.Gradient(first, x).Item();
        double t = Math.Tanh(0.7);
        Assert.Equal(-2 * t * (1 - (t * t)), second, 12);
    }

    [Fact]
    public void JvpMatchesTheDirectionalDerivative()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(2), [0.3, -0.4]);
        Tensor<double> y = x.Sigmoid().Multiply(x).Sum();
        Tensor<double> tangent = tape.Constant(Shape.Vector(2), [1.0, 2.0]);
        double jvp = tape.Jvp(y, x, tangent).Item();
        double Derivative(double z) => (1 / (1 + Math.Exp(-z))) + (z * Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2));
        Assert.Equal(Derivative(0.3) + (2 * Derivative(-0.4)), jvp, 12);
    }

    [Fact]
    public void NoGradComputesWithoutRecordingAndDetachStopsGradients()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Scalar, [2.0]);
        using (tape.NoGrad())
        {
            Tensor<double> inside = x.Square();
            Assert.False(inside.RequiresGrad);
            Assert.Equal(4.0, inside.Item());
        }

        Tensor<double> target = tape.Detach(x.Square());
        Tensor<double> loss = x.Square().Subtract(target).Add(x);
        Assert.Equal(2 * 2.0 + 1, tape.Gradient(loss, x).Item());
    }

    [Fact]
    public void UsingATensorAfterResetNamesTheProblem()
    {
        var tape = new Tape<float>();
        Tensor<float> parameter = tape.Parameter(Shape.Vector(2), [1f, 2f], "w");
        Tensor<float> y = parameter.Exp("ey");
        tape.Reset();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => y.Add(y));
        Assert.Contains("\"ey\"", error.Message);
        Assert.Contains("reset", error.Message);
        Assert.Equal(2, parameter.Exp().Length);
    }

    [Fact]
    public void ShapeMismatchNamesOpLabelAndBothShapes()
    {
        var tape = new Tape<double>();
        Tensor<double> a = tape.Constant(Shape.Matrix(2, 3), new double[6], "obs");
        Tensor<double> b = tape.Constant(Shape.Matrix(3, 2), new double[6], "bias");
        ArgumentException error = Assert.Throws<ArgumentException>(() => a.Add(b, "logits"));
        Assert.Contains("add(\"logits\")", error.Message);
        Assert.Contains("[2x3]", error.Message);
        Assert.Contains("[3x2]", error.Message);

        ArgumentException matmul = Assert.Throws<ArgumentException>(() => a.MatMul(a, label: "layer"));
        Assert.Contains("matmul(\"layer\")", matmul.Message);
        Assert.Contains("inner dimensions", matmul.Message);
    }

    [Fact]
    public void BackwardOnANonScalarWithoutSeedIsRefused()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Vector(3), [1.0, 2.0, 3.0]);
        Tensor<double> y = x.Exp("ratio");
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => tape.Backward(y));
        Assert.Contains("exp(\"ratio\")", error.Message);
        Assert.Contains("seed", error.Message);

        tape.Backward(y, tape.Constant(Shape.Vector(3), [1.0, 0.0, 2.0]));
        Assert.Equal(new[] { Math.Exp(1), 0, 2 * Math.Exp(3) }, tape.AccumulatedGradient(x).ToArray());
    }

    [Fact]
    public void ParametersUpdateInPlaceAndViewsStayReadOnly()
    {
        var tape = new Tape<double>();
        Tensor<double> w = tape.Parameter(Shape.Vector(2), [1.0, 2.0], "w");
        w.LeafValues[1] = 5.0;
        Assert.Equal([1.0, 5.0], w.ToArray());
        Tensor<double> view = tape.Detach(w);
        Assert.Throws<InvalidOperationException>(() => view.SetValues([0.0, 0.0]));
        Assert.Throws<InvalidOperationException>(() => w.Exp().LeafValues.Length);
    }

    [Fact]
    public void TensorsOfDifferentTapesDoNotMix()
    {
        var first = new Tape<double>();
        var second = new Tape<double>();
        Tensor<double> a = first.Constant(Shape.Scalar, [1.0], "a");
        Tensor<double> b = second.Constant(Shape.Scalar, [1.0], "b");
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => a.Multiply(b));
        Assert.Contains("different tapes", error.Message);
    }

    [Fact]
    public void RecordingAFixedGraphAgainAllocatesNothing()
    {
        var random = new Random(3);
        var tape = new Tape<float>();
        Tensor<float> w1 = tape.Parameter(Shape.Matrix(64, 17), RandomValues(random, 64 * 17));
        Tensor<float> b1 = tape.Parameter(Shape.Vector(64), RandomValues(random, 64));
        Tensor<float> w2 = tape.Parameter(Shape.Matrix(64, 64), RandomValues(random, 64 * 64));
        Tensor<float> b2 = tape.Parameter(Shape.Vector(64), RandomValues(random, 64));
        Tensor<float> w3 = tape.Parameter(Shape.Matrix(6, 64), RandomValues(random, 6 * 64));
        Tensor<float> b3 = tape.Parameter(Shape.Vector(6), RandomValues(random, 6));
        Tensor<float> logStd = tape.Parameter(Shape.Vector(6), new float[6]);
        float[] observations = RandomValues(random, 64 * 17);
        float[] actions = RandomValues(random, 64 * 6);

        void Step()
        {
            tape.Reset();
            Tensor<float> obs = tape.Constant(Shape.Matrix(64, 17), observations);
            Tensor<float> act = tape.Constant(Shape.Matrix(64, 6), actions);
            Tensor<float> h1 = obs.MatMul(w1, transposeB: true).AddRow(b1).Tanh();
            Tensor<float> h2 = h1.MatMul(w2, transposeB: true).AddRow(b2).Tanh();
            Tensor<float> mean = h2.MatMul(w3, transposeB: true).AddRow(b3);
            Tensor<float> z = act.Subtract(mean).MultiplyRow(logStd.Negate().Exp());
            Tensor<float> loss = z.Square().Sum(axis: 1).Mean().Add(logStd.Sum());
            tape.ZeroGrad();
            tape.Backward(loss);
        }

        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(float.IsFinite(tape.AccumulatedGradient(w1).Values[0]));
    }

    private static float[] RandomValues(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 0.4) - 0.2);
        }

        return values;
    }
}
