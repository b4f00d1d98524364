using Kernel.Algorithms.Distributions;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class DistributionValidationTests
{
    private static readonly double[] Low = [-1, -1];
    private static readonly double[] High = [1, 1];

    [Fact]
    public void BadBoxesNameTheParameter()
    {
        Assert.Equal("high", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([-1, -1], [1])).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([], [])).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([double.NaN], [1])).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([2], [1])).ParamName);
        foreach (MeanTransform transform in new[] { MeanTransform.Clip, MeanTransform.Tanh })
        {
            var options = new GaussianOptions { MeanTransform = transform };
            Assert.Equal("low", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([-1, double.NegativeInfinity], [1, 1], options)).ParamName);
            Assert.Equal("low", Assert.Throws<ArgumentException>(() => new DiagonalGaussian<double>([-1, -1], [1, double.PositiveInfinity], options)).ParamName);
        }

        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new TanhGaussian<double>([1], [1])).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new TanhGaussian<double>([-1], [double.PositiveInfinity])).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentException>(() => new TanhGaussian<double>([-1, -1], [1])).ParamName);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        Assert.Equal("SoftplusOffset", OptionError(new GaussianOptions { SoftplusOffset = -0.1 }));
        Assert.Equal("SoftplusOffset", OptionError(new GaussianOptions { SoftplusOffset = double.NaN }));
        Assert.Equal("StdLowerBound", OptionError(new GaussianOptions { StdLowerBound = 0 }));
        Assert.Equal("StdLowerBound", OptionError(new GaussianOptions { StdLowerBound = double.NaN }));
        Assert.Equal("MeanShift", OptionError(new GaussianOptions { MeanShift = double.PositiveInfinity }));
        Assert.Equal("Std", OptionError(new GaussianOptions { Std = (StdParameterization)5 }));
        Assert.Equal("MeanTransform", OptionError(new GaussianOptions { MeanTransform = (MeanTransform)5 }));
        Assert.Equal("LogProbAt", OptionError(new GaussianOptions { LogProbAt = (LogProbPoint)5 }));
        Assert.Equal("SoftplusOffset", Assert.Throws<ArgumentOutOfRangeException>(
            () => new TanhGaussian<double>(Low, High, new TanhGaussianOptions { SoftplusOffset = -1 })).ParamName);
        Assert.Equal("LogDet", Assert.Throws<ArgumentOutOfRangeException>(
            () => new TanhGaussian<double>(Low, High, new TanhGaussianOptions { LogDet = (TanhLogDetMode)5 })).ParamName);
    }

    [Fact]
    public void StdParameterForRejectsAStdItCannotProduce()
    {
        var softplus = new DiagonalGaussian<double>(Low, High, new GaussianOptions { Std = StdParameterization.SoftplusOffset });
        Assert.Equal("std", Assert.Throws<ArgumentOutOfRangeException>(() => softplus.StdParameterFor(0.05)).ParamName);
        Assert.Equal("std", Assert.Throws<ArgumentOutOfRangeException>(() => softplus.StdParameterFor(0)).ParamName);
        Assert.Equal("std", Assert.Throws<ArgumentOutOfRangeException>(() => new DiagonalGaussian<double>(Low, High).StdParameterFor(double.NaN)).ParamName);
    }

    [Fact]
    public void MismatchedShapesThrow()
    {
        var head = new DiagonalGaussian<double>(Low, High);
        var tape = new Tape<double>();
        Tensor<double> mean = tape.Variable(Shape.Matrix(2, 2), [0.0, 0, 0, 0]);
        Tensor<double> parameter = tape.Variable(Shape.Vector(2), [0.0, 0]);
        Assert.Throws<ArgumentException>(() => head.Parameters(tape.Variable(Shape.Matrix(2, 3), new double[6]), parameter));
        Assert.Throws<ArgumentException>(() => head.Parameters(mean, tape.Variable(Shape.Vector(3), new double[3])));
        GaussianParameters<double> p = head.Parameters(mean, parameter);
        Assert.Throws<ArgumentException>(() => head.LogProb(p, tape.Constant(Shape.Matrix(1, 2), [0.0, 0])));

        GaussianParameters<double> oneRow = head.Parameters(tape.Variable(Shape.Matrix(1, 2), [0.0, 0]), parameter);
        Assert.Equal("old", Assert.Throws<ArgumentException>(() => head.Kl(oneRow, p)).ParamName);
        Assert.Equal("std", Assert.Throws<ArgumentException>(
            () => GaussianParameters<double>.FromMeanAndStd(mean, tape.Constant(Shape.Matrix(1, 2), [1.0, 1]))).ParamName);
    }

    [Fact]
    public void BadSampleSpansNameTheParameter()
    {
        var head = new DiagonalGaussian<double>(Low, High);
        var random = new KernelRandom(1);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => head.Sample([0.0, 0, 0], [1.0, 1], random, new double[3], new double[3])).ParamName);
        Assert.Equal("std", Assert.Throws<ArgumentException>(() => head.Sample([0.0, 0, 0, 0], [1.0, 1, 1], random, new double[4], new double[4])).ParamName);
        Assert.Throws<ArgumentException>(() => head.Sample([0.0, 0], [1.0, 1], random, new double[2], new double[3]));
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => head.Sample([0.0, 0], [1.0, 1], null!, new double[2], new double[2])).ParamName);
    }

    private static string? OptionError(GaussianOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiagonalGaussian<double>(Low, High, options)).ParamName;
}
