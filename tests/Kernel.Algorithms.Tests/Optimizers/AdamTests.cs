using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>Adam against torch.optim.Adam's single-tensor rule worked by hand, its defaults, fp16 state, bad input.</summary>
public class AdamTests
{
    [Fact]
    public void ThreeStepsFollowPytorchsRuleExactly()
    {
        // p0 = [0.5, -1.0, 2.0], lr = 0.1, betas (0.9, 0.999), eps 1e-8, no weight decay. Per step, in fp64:
        //   m = m + (1 - 0.9)(g - m);  v = v * 0.999;  v = v + ((1 - 0.999) g) g
        //   bc1 = 1 - 0.9^t, bc2 = 1 - 0.999^t, step_size = lr / bc1, denom = sqrt(v) / sqrt(bc2) + eps, p = p + (-step_size m) / denom
        //
        // t = 1, g = [0.2, -0.4, 1.0]: bc1 = 0.09999999999999998, bc2 = 0.0010000000000000009,
        //   step_size = 1.0000000000000002, sqrt(bc2) = 0.031622776601683805
        //   m = [0.019999999999999997, -0.039999999999999994, 0.09999999999999998]
        //   v = [4.0000000000000044e-05, 0.00016000000000000018, 0.0010000000000000009]
        //   denom = [0.20000001000000003, 0.4000000100000001, 1.00000001]   (= |g| + eps: m_hat = g, v_hat = g^2)
        //   p = [0.40000000499999977, -0.9000000024999999, 1.900000001]     (p - lr * sign(g), less a hair for eps)
        // t = 2, g = [0.36, -0.39, -0.19]: bc1 = 0.18999999999999995, bc2 = 0.001998999999999973,
        //   step_size = 0.5263157894736844, sqrt(bc2) = 0.04471017781221601
        //   m = [0.053999999999999986, -0.07499999999999998, 0.07099999999999998]
        //   v = [0.00016956000000000016, 0.00031194000000000035, 0.001035100000000001]
        //   denom = [0.291242883227147, 0.39502915324389826, 0.7195894099026344]
        //   p = [0.3024146071469895, -0.800073999858482, 1.8480698022805833]
        // t = 3, g = [0.12, -0.87, 0.23]: bc1 = 0.2709999999999999, bc2 = 0.002997000999999999,
        //   step_size = 0.36900369003690053, sqrt(bc2) = 0.05474487190596028
        //   m = [0.06059999999999999, -0.15449999999999997, 0.08689999999999998]
        //   v = [0.00018379044000000017, 0.001068528060000001, 0.0010869649000000011]
        //   denom = [0.24763842451347573, 0.5971033792665328, 0.6022326864924309]
        //   p = [0.2121151164271262, -0.7045946036763132, 1.794823903505194]
        // These gradients were chosen so the last bits tell PyTorch's order apart from its neighbours: the older
        // m * beta1 + (1 - beta1) g, (1 - beta2)(g g), sqrt(v / bc2) and -step_size (m / denom) each change p at t = 3.
        var tape = new Tape<double>();
        NamedParameter<double>[] parameters = GradientFixture.Parameters(tape, ("w", [0.5, -1.0, 2.0]));
        var adam = new Adam<double>(parameters, learningRate: 0.1);
        double[][] gradients = [[0.2, -0.4, 1.0], [0.36, -0.39, -0.19], [0.12, -0.87, 0.23]];
        double[][] expected =
        [
            [0.40000000499999977, -0.9000000024999999, 1.900000001],
            [0.3024146071469895, -0.800073999858482, 1.8480698022805833],
            [0.2121151164271262, -0.7045946036763132, 1.794823903505194],
        ];

        for (int t = 0; t < 3; t++)
        {
            GradientFixture.SetGradients(parameters, gradients[t]);
            adam.Step();
            Assert.Equal(expected[t], GradientFixture.Values(parameters[0]));
        }

        OptimizerState state = adam.ExportState();
        Assert.Equal(3, state.StepCount);
        Assert.Equal([0.06059999999999999, -0.15449999999999997, 0.08689999999999998], state.Buffers["w.exp_avg"]);
        Assert.Equal([0.00018379044000000017, 0.001068528060000001, 0.0010869649000000011], state.Buffers["w.exp_avg_sq"]);
    }

    [Fact]
    public void WeightDecayAddsL2ToTheGradientBeforeTheMoments()
    {
        // p0 = [0.5, -1.0, 2.0], g = [0.2, -0.4, 1.0], weight_decay 0.1, lr 0.1: g' = g + 0.1 p = [0.25, -0.5, 1.2]
        //   m = [0.024999999999999994, -0.04999999999999999, 0.11999999999999997]
        //   v = [6.250000000000006e-05, 0.0002500000000000002, 0.0014400000000000012]
        //   denom = [0.25000001, 0.50000001, 1.20000001]
        //   p = [0.4000000039999998, -0.900000002, 1.9000000008333333]
        var tape = new Tape<double>();
        NamedParameter<double>[] parameters = GradientFixture.Parameters(tape, ("w", [0.5, -1.0, 2.0]));
        var adam = new Adam<double>(parameters, learningRate: 0.1, weightDecay: 0.1);

        GradientFixture.SetGradients(parameters, [0.2, -0.4, 1.0]);
        adam.Step();

        Assert.Equal([0.4000000039999998, -0.900000002, 1.9000000008333333], GradientFixture.Values(parameters[0]));
        Assert.Equal([0.024999999999999994, -0.04999999999999999, 0.11999999999999997], adam.ExportState().Buffers["w.exp_avg"]);
    }

    [Fact]
    public void Beta1BelowOneHalfUsesTheOtherFormOfLerp()
    {
        // beta1 = 0.2: the lerp weight w = 1 - 0.2 = 0.8 >= 0.5, so torch.lerp computes m = g - (g - m)(1 - w) with
        // 1 - w = 0.19999999999999996 (m + w (g - m) would differ in the last bit for these values). lr 0.1, p0 = [0.5, -1.0]:
        // t = 1, g = [0.92, 0.35]: m = [0.7360000000000001, 0.28], step_size = 0.1 / 0.8 = 0.125,
        //   denom = [0.9200000100000001, 0.35000001], p = [0.4000000010869565, -1.0999999971428573]
        // t = 2, g = [0.07, -0.77]: m = [0.20320000000000002, -0.56], step_size = 0.1 / 0.96 = 0.10416666666666667,
        //   denom = [0.6522572596798223, 0.5981786278303433], p = [0.3675485927621846, -1.0024817465411693]
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("w", [0.5, -1.0]));
        var adam = new Adam<double>(parameters, learningRate: 0.1, beta1: 0.2);

        GradientFixture.SetGradients(parameters, [0.92, 0.35]);
        adam.Step();
        Assert.Equal([0.7360000000000001, 0.28], adam.ExportState().Buffers["w.exp_avg"]);
        GradientFixture.SetGradients(parameters, [0.07, -0.77]);
        adam.Step();

        Assert.Equal([0.20320000000000002, -0.56], adam.ExportState().Buffers["w.exp_avg"]);
        Assert.Equal([0.3675485927621846, -1.0024817465411693], GradientFixture.Values(parameters[0]));
    }

    [Fact]
    public void DefaultsArePytorchs()
    {
        var adam = new Adam<float>(GradientFixture.Parameters(new Tape<float>(), ("w", [1.0])));
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        Assert.Equal("adam", adam.Kind);
    }

    [Fact]
    public void FloatParametersFollowTheDoubleRunToFloatPrecision()
    {
        var tape = new Tape<float>();
        NamedParameter<float>[] parameters = GradientFixture.Parameters(tape, ("w", [0.5, -1.0, 2.0]));
        var adam = new Adam<float>(parameters, learningRate: 0.1);
        foreach (double[] g in new double[][] { [0.2, -0.4, 1.0], [0.36, -0.39, -0.19], [0.12, -0.87, 0.23] })
        {
            GradientFixture.SetGradients(parameters, g);
            adam.Step();
        }

        double[] expected = [0.2121151164271262, -0.7045946036763132, 1.794823903505194];
        double[] actual = GradientFixture.Values(parameters[0]);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6);
        }

        Assert.Equal("fp32", adam.ExportState().Precision);
    }

    [Fact]
    public void HalfParametersKeepTheirStateInFloat()
    {
        // g = 0.001 (fp16 0.0010004), lr 0.1: v = 0.001 g^2 ~ 1e-9 and eps = 1e-8 are both below fp16's smallest subnormal
        // (6e-8), so fp16 state would give denom = 0 and p = -inf. In fp32 state the first step is lr * g / (|g| + eps) ~ 0.1.
        var tape = new Tape<Half>();
        NamedParameter<Half>[] parameters = GradientFixture.Parameters(tape, ("w", [1.0]));
        var adam = new Adam<Half>(parameters, learningRate: 0.1);

        GradientFixture.SetGradients(parameters, [0.001]);
        adam.Step();

        Assert.Equal((Half)0.9, parameters[0].Tensor.ToArray()[0]);
        OptimizerState state = adam.ExportState();
        Assert.Equal("fp32", state.Precision);
        double g = (double)(Half)0.001;
        Assert.Equal((float)((float)0.001 * (float)g * (float)g), (float)state.Buffers["w.exp_avg_sq"][0]);
    }

    [Theory]
    [InlineData(-0.1, 0.9, 0.999, 1e-8, 0.0, "learningRate")]
    [InlineData(double.NaN, 0.9, 0.999, 1e-8, 0.0, "learningRate")]
    [InlineData(1e-3, 1.0, 0.999, 1e-8, 0.0, "beta1")]
    [InlineData(1e-3, -0.1, 0.999, 1e-8, 0.0, "beta1")]
    [InlineData(1e-3, 0.9, 1.0, 1e-8, 0.0, "beta2")]
    [InlineData(1e-3, 0.9, double.NaN, 1e-8, 0.0, "beta2")]
    [InlineData(1e-3, 0.9, 0.999, 0.0, 0.0, "epsilon")]
    [InlineData(1e-3, 0.9, 0.999, -1e-8, 0.0, "epsilon")]
    [InlineData(1e-3, 0.9, 0.999, 1e-8, -0.01, "weightDecay")]
    public void BadHyperparametersNameTheParameterAndValue(double lr, double beta1, double beta2, double eps, double weightDecay, string parameter)
    {
        NamedParameter<double>[] parameters = GradientFixture.Parameters(new Tape<double>(), ("w", [1.0]));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>(parameters, lr, beta1, beta2, eps, weightDecay));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message);
        Assert.Contains(error.ActualValue!.ToString()!, error.Message);
    }

    [Fact]
    public void LearningRateSetLaterIsCheckedToo()
    {
        var adam = new Adam<double>(GradientFixture.Parameters(new Tape<double>(), ("w", [1.0])));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = -1);
        Assert.Equal("LearningRate", error.ParamName);
        Assert.Equal(-1.0, error.ActualValue);
    }

    [Fact]
    public void ParameterListsMustBeNonEmptyDistinctTapeParameters()
    {
        var tape = new Tape<double>();
        NamedParameter<double>[] parameters = GradientFixture.Parameters(tape, ("a", [1.0]), ("b", [2.0]));

        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new Adam<double>([])).ParamName);
        ArgumentException twice = Assert.Throws<ArgumentException>(() => new Adam<double>([parameters[0], new NamedParameter<double>("c", parameters[0].Tensor)]));
        Assert.Equal("parameters", twice.ParamName);
        ArgumentException sameName = Assert.Throws<ArgumentException>(() => new Adam<double>([parameters[0], new NamedParameter<double>("a", parameters[1].Tensor)]));
        Assert.Contains("\"a\"", sameName.Message);
        Tensor<double> variable = tape.Variable(Shape.Vector(1), [1.0]);
        ArgumentException notParameter = Assert.Throws<ArgumentException>(() => new Adam<double>([new NamedParameter<double>("v", variable)]));
        Assert.Equal("parameters", notParameter.ParamName);
        Assert.Contains("Tape.Parameter", notParameter.Message);
    }
}
