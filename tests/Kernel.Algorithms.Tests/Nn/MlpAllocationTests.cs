using Kernel.Algorithms.Nn;
using Kernel.Envs;
using Xunit;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>After warm-up on a reused tape, an MLP forward and backward allocate nothing on the managed heap.</summary>
public class MlpAllocationTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Silu)]
    public void ForwardAndBackwardAllocateNothingAfterWarmUp(Activation activation)
    {
        var tape = new Tape<float>();
        var mlp = new Mlp<float>(tape, [17, 64, 64, 6], activation, MlpInit.OrthogonalPolicy, new KernelRandom(1), "actor");
        float[] observations = MlpReference.Narrow<float>(MlpReference.RandomValues(64 * 17, seed: 1));

        void Step()
        {
            tape.Reset();
            Tensor<float> output = mlp.Forward(tape.Constant(Shape.Matrix(64, 17), observations));
            tape.ZeroGrad();
            tape.Backward(output.Square().Mean());
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
        Assert.Contains(tape.AccumulatedGradient(mlp.Parameters[0].Tensor).ToArray(), g => g != 0);
    }
}
