using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>Exported optimiser state restores a run exactly; mismatched state is refused before anything changes.</summary>
public class OptimizerStateTests
{
    private static readonly double[][] Gradients = [[0.3, -0.2, 0.1], [-0.5, 0.4, 0.05], [0.2, 0.2, -0.3]];

    [Fact]
    public void AdamResumedFromExportedStateContinuesBitForBit()
    {
        NamedParameter<float>[] original = NewParameters();
        var adam = new Adam<float>(original, learningRate: 0.01, weightDecay: 0.01);
        Step(adam, original, Gradients[0]);
        Step(adam, original, Gradients[1]);
        OptimizerState state = adam.ExportState();

        NamedParameter<float>[] resumed = NewParameters();
        resumed[0].Tensor.SetValues(original[0].Tensor.ToArray());
        var restored = new Adam<float>(resumed, learningRate: 0.01, weightDecay: 0.01);
        restored.ImportState(state);

        Assert.Equal(2, restored.StepCount);
        Assert.Equal(["w.exp_avg", "w.exp_avg_sq"], state.Buffers.Keys.Order(StringComparer.Ordinal));
        Step(adam, original, Gradients[2]);
        Step(restored, resumed, Gradients[2]);
        Assert.Equal(original[0].Tensor.ToArray(), resumed[0].Tensor.ToArray());
    }

    [Fact]
    public void SgdMomentumBufferAppearsAfterTheFirstStepAndRoundTrips()
    {
        NamedParameter<double>[] original = NewParameters<double>();
        var sgd = new Sgd<double>(original, learningRate: 0.1, momentum: 0.9);
        Assert.Empty(sgd.ExportState().Buffers);
        Step(sgd, original, Gradients[0]);
        OptimizerState state = sgd.ExportState();
        Assert.Equal(["w.momentum_buffer"], state.Buffers.Keys);

        NamedParameter<double>[] resumed = NewParameters<double>();
        resumed[0].Tensor.SetValues(original[0].Tensor.ToArray());
        var restored = new Sgd<double>(resumed, learningRate: 0.1, momentum: 0.9);
        restored.ImportState(state);
        Step(sgd, original, Gradients[1]);
        Step(restored, resumed, Gradients[1]);
        Assert.Equal(original[0].Tensor.ToArray(), resumed[0].Tensor.ToArray());
    }

    [Fact]
    public void ExportedBuffersAreCopies()
    {
        NamedParameter<double>[] parameters = NewParameters<double>();
        var adam = new Adam<double>(parameters);
        Step(adam, parameters, Gradients[0]);
        OptimizerState state = adam.ExportState();
        state.Buffers["w.exp_avg"][0] = 1e9;
        Assert.NotEqual(1e9, adam.ExportState().Buffers["w.exp_avg"][0]);
    }

    [Fact]
    public void MismatchedStateIsRefusedAndChangesNothing()
    {
        NamedParameter<double>[] parameters = NewParameters<double>();
        var adam = new Adam<double>(parameters);
        Step(adam, parameters, Gradients[0]);
        OptimizerState good = adam.ExportState();

        var sgdState = good with { Optimizer = "sgd" };
        Assert.Contains("\"sgd\"", Refuse(adam, sgdState).Message);
        Assert.Contains("StepCount -1", Refuse(adam, good with { StepCount = -1 }).Message);
        var missing = new Dictionary<string, double[]>(good.Buffers);
        missing.Remove("w.exp_avg_sq");
        Assert.Contains("\"w.exp_avg_sq\"", Refuse(adam, good with { Buffers = missing }).Message);
        var shorter = new Dictionary<string, double[]>(good.Buffers) { ["w.exp_avg"] = [0.0] };
        Assert.Contains("1 values", Refuse(adam, good with { Buffers = shorter }).Message);
        var extra = new Dictionary<string, double[]>(good.Buffers) { ["v.exp_avg"] = [0.0, 0.0, 0.0] };
        Assert.Contains("\"v.exp_avg\"", Refuse(adam, good with { Buffers = extra, StepCount = 7 }).Message);

        Assert.Equal(1, adam.StepCount);
        Assert.Equal(good.Buffers["w.exp_avg"], adam.ExportState().Buffers["w.exp_avg"]);
    }

    private static ArgumentException Refuse<T>(Optimizer<T> optimizer, OptimizerState state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => optimizer.ImportState(state));
        Assert.Equal("state", error.ParamName);
        return error;
    }

    private static NamedParameter<T>[] NewParameters<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => GradientFixture.Parameters(new Tape<T>(), ("w", [0.5, -1.0, 2.0]));

    private static NamedParameter<float>[] NewParameters() => NewParameters<float>();

    private static void Step<T>(Optimizer<T> optimizer, NamedParameter<T>[] parameters, double[] gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        GradientFixture.SetGradients(parameters, gradient);
        optimizer.Step();
    }
}
