using Kernel.Algorithms.Distributions;
using Xunit;

namespace Kernel.Algorithms.Tests.Distributions;

public class ProbabilityRatioTests
{
    [Fact]
    public void LogSpaceRatioIsExpOfTheLogProbDifferenceAndDensityQuotientAgreesWhereDensitiesAreRepresentable()
    {
        double[] logpNew = [-1.0, -3.5, -0.2, -200.0];
        double[] logpOld = [-1.2, -2.0, -0.2, -201.0];
        var tape = new Tape<double>();
        Tensor<double> newTensor = tape.Variable(Shape.Vector(4), logpNew);
        Tensor<double> oldTensor = tape.Constant(Shape.Vector(4), logpOld);
        double[] logSpace = ProbabilityRatio.Compute(newTensor, oldTensor).ToArray();
        double[] quotient = ProbabilityRatio.Compute(newTensor, oldTensor, RatioMode.DensityQuotient).ToArray();
        for (int t = 0; t < 4; t++)
        {
            double expected = Math.Exp(logpNew[t] - logpOld[t]);
            DiagonalGaussianTests.AssertClose([expected], [logSpace[t]], 1e-15);
            DiagonalGaussianTests.AssertClose([expected], [quotient[t]], 1e-12);
        }
    }

    [Fact]
    public void DensityQuotientIsNanInFp32AtLogProbsNearMinus200WhileLogSpaceIsFinite()
    {
        var tape = new Tape<float>();
        Tensor<float> logpNew = tape.Variable(Shape.Vector(2), [-200f, -199f]);
        Tensor<float> logpOld = tape.Constant(Shape.Vector(2), [-201f, -200.5f]);

        // e^-200 is far below fp32's smallest subnormal (about e^-103), so both densities are 0 and 0/0 = NaN.
        Assert.All(ProbabilityRatio.Compute(logpNew, logpOld, RatioMode.DensityQuotient).ToArray(), r => Assert.True(float.IsNaN(r)));
        float[] logSpace = ProbabilityRatio.Compute(logpNew, logpOld).ToArray();
        Assert.Equal(MathF.Exp(1f), logSpace[0], 5);
        Assert.Equal(MathF.Exp(1.5f), logSpace[1], 5);
    }

    [Fact]
    public void GradientFlowsToTheNewLogProbOnly()
    {
        var tape = new Tape<double>();
        Tensor<double> logpNew = tape.Variable(Shape.Vector(2), [-1.0, -2.0]);
        Tensor<double> logpOld = tape.Variable(Shape.Vector(2), [-1.5, -1.0]);
        tape.Backward(ProbabilityRatio.Compute(logpNew, logpOld).Sum());

        // d exp(x - c)/dx = exp(x - c): the ratio itself; logp_old is detached.
        DiagonalGaussianTests.AssertClose([Math.Exp(0.5), Math.Exp(-1.0)], tape.AccumulatedGradient(logpNew).ToArray(), 1e-15);
        Assert.All(tape.AccumulatedGradient(logpOld).ToArray(), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Log10MaxIsTheLargestLogRatioOverLn10AndPropagatesNan()
    {
        float[] logpNew = [-1f, 150f, -3f];
        float[] logpOld = [-2f, -100f, -1f];
        Assert.Equal(250 / Math.Log(10), ProbabilityRatio.Log10Max<float>(logpNew, logpOld), 12);
        Assert.True(double.IsNaN(ProbabilityRatio.Log10Max<float>([float.NaN, 1f], [0f, 0f])));
        Assert.Equal(double.NegativeInfinity, ProbabilityRatio.Log10Max<float>([], []));
    }

    [Fact]
    public void BadInputNamesTheParameter()
    {
        var tape = new Tape<double>();
        Tensor<double> two = tape.Variable(Shape.Vector(2), [0.0, 0.0]);
        Tensor<double> three = tape.Variable(Shape.Vector(3), [0.0, 0.0, 0.0]);
        Assert.Equal("logpOld", Assert.Throws<ArgumentException>(() => ProbabilityRatio.Compute(two, three)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityRatio.Compute(two, two, (RatioMode)7)).ParamName);
        Assert.Equal("logpOld", Assert.Throws<ArgumentException>(() => ProbabilityRatio.Log10Max<double>([0.0], [])).ParamName);
    }
}
