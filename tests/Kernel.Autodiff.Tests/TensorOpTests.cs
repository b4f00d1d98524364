using Kernel.Autodiff.Ops;
using Xunit;

namespace Kernel.Autodiff.Tests;

/// <summary>
/// The ops a researcher reaches for, at the points the randomised properties keep away from: shapes as torch.matmul,
/// ties and NaN in argmax, repeated positions in index_select, invalid positions, stack's layouts, crossed clamp bounds.
/// </summary>
public class TensorOpTests
{
    [Fact]
    public void MatmulOfAMatrixAndAVectorGivesAVectorAsTorch()
    {
        var tape = new Tape<double>();
        Tensor<double> a = tape.Variable(Shape.Matrix(2, 3), [1, 2, 3, 4, 5, 6]);
        Tensor<double> v = tape.Variable(Shape.Vector(3), [1, 0, -1]);
        Tensor<double> u = tape.Variable(Shape.Vector(2), [2, 1]);

        Tensor<double> av = a.MatMul(v);
        Assert.Equal(Shape.Vector(2), av.Shape);
        Assert.Equal(new[] { -2.0, -2.0 }, av.ToArray());

        Tensor<double> ua = u.MatMul(a);
        Assert.Equal(Shape.Vector(3), ua.Shape);
        Assert.Equal([6.0, 9.0, 12.0], ua.ToArray());

        Tensor<double> vv = v.MatMul(v);
        Assert.Equal(Shape.Scalar, vv.Shape);
        Assert.Equal(2.0, vv.Item());

        // d(u . A v)/dv = A^T u, and the gradient keeps v's vector shape.
        Tensor<double> g = tape.Gradient(u.MatMul(a.MatMul(v)), v);
        Assert.Equal(Shape.Vector(3), g.Shape);
        Assert.Equal([6.0, 9.0, 12.0], g.ToArray());
    }

    [Fact]
    public void ArgmaxTakesTheFirstTieAndTheFirstNan()
    {
        var tape = new Tape<float>();
        Tensor<float> x = tape.Constant(Shape.Matrix(2, 4), [1, 5, 5, 2, 0, float.NaN, 9, float.NaN]);
        Assert.Equal([1f, 1f], x.ArgMax(axis: 1).ToArray());
        Assert.Equal([0f, 1f], x.ArgMin(axis: 1).ToArray());
        Assert.Equal([0f, 1f, 1f, 1f], x.ArgMax(axis: 0).ToArray());
        Assert.True(float.IsNaN(x.Max(axis: 1).ToArray()[1]));
    }

    [Fact]
    public void MaxAlongAnAxisSendsTheGradientToTheSelectedElementOnly()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Matrix(2, 3), [1, 7, 7, -4, -2, -3]);
        Tensor<double> g = tape.Gradient(x.Max(axis: 1).Sum(), x);
        Assert.Equal(new[] { 0.0, 1, 0, 0, 1, 0 }, g.ToArray());
        Tensor<double> h = tape.Gradient(x.Min(axis: 0).Sum(), x);
        Assert.Equal(new[] { 0.0, 0, 0, 1, 1, 1 }, h.ToArray());
    }

    [Fact]
    public void IndexSelectAddsTheGradientsOfRepeatedPositions()
    {
        var tape = new Tape<double>();
        Tensor<double> x = tape.Variable(Shape.Matrix(3, 2), [1, 2, 3, 4, 5, 6]);
        Tensor<double> rows = x.IndexSelect(0, [2, 0, 2]);
        Assert.Equal(new[] { 5.0, 6, 1, 2, 5, 6 }, rows.ToArray());
        Assert.Equal(new[] { 1.0, 1, 0, 0, 2, 2 }, tape.Gradient(rows.Sum(), x).ToArray());
    }

    [Fact]
    public void GatherPicksEachRowsActionAndAnInvalidPositionReadsNan()
    {
        var tape = new Tape<double>();
        Tensor<double> logits = tape.Constant(Shape.Matrix(2, 3), [0.1, 0.2, 0.3, 1.1, 1.2, 1.3]);
        Tensor<double> picked = logits.Gather(1, tape.Indices(Shape.Matrix(2, 1), [2, 0]));
        Assert.Equal([0.3, 1.1], picked.ToArray());

        Tensor<double> outside = tape.Constant(Shape.Matrix(2, 1), [3, 0.5]);
        Assert.All(logits.Gather(1, outside).ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void BadPositionsAreNamed()
    {
        var tape = new Tape<Half>();
        Tensor<Half> x = tape.Constant(Shape.Vector(4), [Half.One, Half.One, Half.One, Half.One]);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(0, [1, 4], "rows"));
        Assert.Contains("position 1 is 4; it must be in [0, 4)", outside.Message);
        var inexact = Assert.Throws<ArgumentOutOfRangeException>(() => tape.Indices(Shape.Vector(1), [2049]));
        Assert.Contains("exactly representable in Half", inexact.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Max(axis: 1));
    }

    [Fact]
    public void StackLaysScalarsAndVectorsOutAsTorch()
    {
        var tape = new Tape<double>();
        Tensor<double> a = tape.Variable(Shape.Vector(2), [1, 2]);
        Tensor<double> b = tape.Variable(Shape.Vector(2), [3, 4]);
        Tensor<double> c = tape.Variable(Shape.Vector(2), [5, 6]);
        Tensor<double> rows = ShapeOps.Stack([a, b, c]);
        Assert.Equal(Shape.Matrix(3, 2), rows.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, rows.ToArray());
        Tensor<double> columns = ShapeOps.Stack([a, b, c], axis: 1);
        Assert.Equal(Shape.Matrix(2, 3), columns.Shape);
        Assert.Equal(new[] { 1.0, 3, 5, 2, 4, 6 }, columns.ToArray());
        Tensor<double> scalars = ShapeOps.Stack([a.Sum(), c.Sum()]);
        Assert.Equal(new[] { 3.0, 11 }, scalars.ToArray());
        Assert.Equal(new[] { 1.0, 1 }, tape.Gradient(columns.SliceColumns(1, 1).Sum(), b).ToArray());
        Assert.Equal(new[] { 0.0, 0 }, tape.Gradient(columns.SliceColumns(1, 1).Sum(), a).ToArray());
    }

    [Fact]
    public void ClampWithTensorBoundsRoutesEachGradientToTheValueItReturns()
    {
        var tape = new Tape<double>();
        // inside, below, above, at the lower bound (x's), crossed (min > max: the result is max)
        Tensor<double> x = tape.Variable(Shape.Vector(5), [0, -2, 2, -1, 0]);
        Tensor<double> min = tape.Variable(Shape.Vector(5), [-1, -1, -1, -1, 1]);
        Tensor<double> max = tape.Variable(Shape.Vector(5), [1, 1, 1, 1, -1]);
        Tensor<double> y = x.Clamp(min, max);
        Assert.Equal(new[] { 0.0, -1, 1, -1, -1 }, y.ToArray());
        Tensor<double>[] gradients = new Tensor<double>[3];
        tape.Gradients(y.Sum(), [x, min, max], gradients);
        Assert.Equal(new[] { 1.0, 0, 0, 1, 0 }, gradients[0].ToArray());
        Assert.Equal(new[] { 0.0, 1, 0, 0, 0 }, gradients[1].ToArray());
        Assert.Equal(new[] { 0.0, 0, 1, 0, 1 }, gradients[2].ToArray());
    }
}
