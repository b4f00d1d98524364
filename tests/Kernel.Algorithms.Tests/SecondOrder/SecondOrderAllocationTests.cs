using Kernel.Algorithms.Nn;
using Kernel.Algorithms.SecondOrder;
using Xunit;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>After warm-up, Fisher-vector products (both ways) and a CG solve allocate nothing on the managed heap.</summary>
public class SecondOrderAllocationTests
{
    [Theory]
    [InlineData(FisherProductMode.GaussNewton)]
    [InlineData(FisherProductMode.Exact)]
    public void ProductsAndSolvesAllocateNothingAfterWarmUp(FisherProductMode mode)
    {
        FisherTestPolicy policy = new FisherVectorProductProperties.PolicyCase(17, [16, 16], 6, false, 64, Activation.Tanh, 3).Build();
        var fisher = new FisherVectorProduct<double>(policy.Policy, mode, damping: 0.1);
        var solver = new ConjugateGradient<double>(fisher.Dimension, new ConjugateGradientOptions { MaxIterations = 5, Tolerance = 0 });
        double[] v = policy.RandomVector(1);
        var result = new double[v.Length];
        for (int warmUp = 0; warmUp < 3; warmUp++)
        {
            fisher.Apply(v, result);
            solver.Solve(fisher, v, result);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            fisher.Apply(v, result);
            solver.Solve(fisher, v, result);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains(result, x => x != 0);
    }
}
