using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>The host index kernels against hand-worked cases: ties, NaN, repeated and invalid positions, and Half accumulation.</summary>
public class IndexingTests
{
    [Fact]
    public void ArgmaxAndArgminAlongBothAxes()
    {
        // 2 x 3: [[1, 4, 4], [7, -1, NaN]]
        double[] x = [1, 4, 4, 7, -1, double.NaN];
        var perRow = new double[2];
        Indexing.ArgExtremum<double>(x, 2, 3, 1, maximum: true, perRow);
        Assert.Equal([1.0, 2.0], perRow);
        var perColumn = new double[3];
        Indexing.ArgExtremum<double>(x, 1, 2, 3, maximum: false, perColumn);
        Assert.Equal([0.0, 1.0, 1.0], perColumn);
    }

    [Fact]
    public void GatherReadsNanAtAnInvalidPositionAndScatterAddSumsRepeats()
    {
        double[] x = [10, 20, 30];
        double[] positions = [2, 0, 2, 3, -1, 1.5];
        var gathered = new double[6];
        Indexing.Gather<double>(x, 1, 3, 1, positions, shared: true, gathered);
        Assert.Equal(new[] { 30.0, 10, 30 }, gathered[..3]);
        Assert.All(gathered[3..], v => Assert.True(double.IsNaN(v)));

        var sums = new double[3];
        Indexing.ScatterAdd<double>([1, 2, 4, 8, 16, 32], 1, 6, 1, positions, shared: true, sums);
        Assert.Equal(new[] { 2.0, 0, 5 }, sums);
    }

    [Fact]
    public void HalfScatterAddAccumulatesInFloatAndRoundsOnce()
    {
        // 2048 + 1 + 1 in Half arithmetic would stay 2048 (1 is half an ulp there, ties to even); in float it is 2050.
        Half[] values = [(Half)2048, Half.One, Half.One];
        Half[] positions = [Half.Zero, Half.Zero, Half.Zero];
        var sum = new Half[1];
        Indexing.ScatterAdd<Half>(values, 1, 3, 1, positions, shared: true, sum);
        Assert.Equal((Half)2050, sum[0]);
    }

    [Fact]
    public void WrongLengthsNameTheParameter()
    {
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Indexing.ArgExtremum<float>(new float[6], 2, 3, 1, true, new float[3])).ParamName);
        Assert.Equal("indices", Assert.Throws<ArgumentException>(() => Indexing.Gather<float>(new float[6], 2, 3, 1, new float[3], false, new float[4])).ParamName);
    }
}
