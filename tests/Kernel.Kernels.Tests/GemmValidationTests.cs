using Kernel.Kernels.Cpu;
using Xunit;

namespace Kernel.Kernels.Tests;

/// <summary>GEMM rejects bad dimensions, strides and spans with an ArgumentException naming the parameter.</summary>
public class GemmValidationTests
{
    private static void Call(int m, int n, int k, int aLen, int lda, int bLen, int ldb, int cLen, int ldc, int maxThreads = 0, Transpose ta = Transpose.None, Transpose tb = Transpose.None) =>
        Gemm.Multiply(ta, tb, m, n, k, 1f, new float[aLen], lda, new float[bLen], ldb, 0f, new float[cLen], ldc, new GemmOptions(MaxThreads: maxThreads));

    [Theory]
    [InlineData(-1, 2, 2, "m", "-1")]
    [InlineData(2, -3, 2, "n", "-3")]
    [InlineData(2, 2, -4, "k", "-4")]
    public void NegativeDimensions(int m, int n, int k, string name, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => Call(m, n, k, 100, 4, 100, 4, 100, 4));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(value, ex.Message);
        Assert.Contains(">= 0", ex.Message);
    }

    [Fact]
    public void LeadingDimensionTooSmall()
    {
        var ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 100, 4, 100, 4, 100, 4));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains("lda is 4", ex.Message);
        Assert.Contains(">= 5", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 100, 5, 100, 3, 100, 4));
        Assert.Equal("ldb", ex.ParamName);

        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 100, 5, 100, 4, 100, 2));
        Assert.Equal("ldc", ex.ParamName);
        Assert.Contains(">= 4", ex.Message);

        // Transposed A is stored k x m, so lda >= m.
        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 100, 2, 100, 4, 100, 4, ta: Transpose.Transposed));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains(">= 3", ex.Message);
    }

    [Fact]
    public void SpansTooShort()
    {
        var ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 14, 5, 20, 4, 12, 4));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("at least 15", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 15, 5, 19, 4, 12, 4, tb: Transpose.None));
        Assert.Equal("b", ex.ParamName);

        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 15, 5, 20, 4, 11, 4));
        Assert.Equal("c", ex.ParamName);

        // Strided rows: the last row needs only its own n elements.
        Call(3, 4, 5, 15, 5, 20, 4, 14, 5);
        ex = Assert.Throws<ArgumentException>(() => Call(3, 4, 5, 15, 5, 20, 4, 13, 5));
        Assert.Equal("c", ex.ParamName);
    }

    [Fact]
    public void NegativeMaxThreads()
    {
        var ex = Assert.Throws<ArgumentException>(() => Call(2, 2, 2, 4, 2, 4, 2, 4, 2, maxThreads: -1));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void TightOverloadChecksSpans()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 2, 1.0, new double[3], new double[4], 0.0, new double[4]));
        Assert.Equal("a", ex.ParamName);
    }
}
