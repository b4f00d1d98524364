using Kernel.Algorithms.Nn;
using Kernel.Algorithms.Optimizers;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Optimizers;

/// <summary>After warm-up, optimiser steps, clipping and a whole training step allocate nothing on the managed heap.</summary>
public class OptimizerAllocationTests
{
    [Fact]
    public void AdamStepAloneAllocatesNothing()
    {
        var tape = new Tape<float>();
        var mlp = new Mlp<float>(tape, [17, 64, 64, 6], Activation.Tanh, MlpInit.OrthogonalPolicy, new KernelRandom(1));
        var adam = new Adam<float>(mlp.Parameters, learningRate: 3e-4, weightDecay: 1e-4);
        tape.Backward(mlp.Forward(tape.Constant(Shape.Matrix(4, 17), new float[4 * 17])).Sum());

        Assert.Equal(0, AllocatedBytesAfterWarmUp(adam.Step));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void TrainingStepWithScheduleAndClippingAllocatesNothing(string kind)
    {
        var tape = new Tape<float>();
        var mlp = new Mlp<float>(tape, [17, 64, 64, 6], Activation.Tanh, MlpInit.OrthogonalPolicy, new KernelRandom(1));
        Optimizer<float> optimizer = kind == "adam"
            ? new Adam<float>(mlp.Parameters, learningRate: 3e-4)
            : new Sgd<float>(mlp.Parameters, learningRate: 1e-2, momentum: 0.9, nesterov: true);
        LearningRateSchedule schedule = LearningRateSchedule.LinearToZero(optimizer.LearningRate, 1000);
        float[] observations = Enumerable.Range(0, 64 * 17).Select(i => MathF.Sin(i)).ToArray();

        void TrainingStep()
        {
            tape.Reset();
            Tensor<float> loss = mlp.Forward(tape.Constant(Shape.Matrix(64, 17), observations)).Square().Mean();
            tape.ZeroGrad();
            tape.Backward(loss);
            GradientClipping.ClipNorm(mlp.Parameters, 0.5);
            GradientClipping.ClipValue(mlp.Parameters, 10.0);
            optimizer.LearningRate = schedule.At(optimizer.StepCount);
            optimizer.Step();
        }

        Assert.Equal(0, AllocatedBytesAfterWarmUp(TrainingStep));
        Assert.Equal(13, optimizer.StepCount);
    }

    private static long AllocatedBytesAfterWarmUp(Action step)
    {
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            step();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
