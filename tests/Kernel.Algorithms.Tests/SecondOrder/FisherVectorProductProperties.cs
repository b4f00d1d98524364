using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.SecondOrder;
using Xunit;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>
/// The three Fisher-vector products — exact (double-backward Hessian of the mean KL), Gauss-Newton (forward then
/// reverse mode with the analytic metric) and the explicit matrix — agree to 1e-8 relative in fp64 on random small
/// MLP policies (widths, depths, batch sizes, action dims, Gaussian options, categorical heads); F is symmetric and
/// positive semi-definite; damping adds lambda v; subsampling averages over the kept states only.
/// </summary>
public class FisherVectorProductProperties
{
    private const string Seed = "(20261123,97531)";

    [Property(MaxTest = 40, Replay = Seed)]
    public Property ExactGaussNewtonAndExplicitProductsAgree()
        => Prop.ForAll(Policies().ToArbitrary(), static c =>
        {
            FisherTestPolicy policy = c.Build();
            double[] v = policy.RandomVector(c.Seed);
            double[] exact = Product(policy, FisherProductMode.Exact, v);
            double[] gaussNewton = Product(policy, FisherProductMode.GaussNewton, v);
            double[] explicitProduct = FisherTestPolicy.Multiply(policy.ExplicitFisher(), v);
            AssertClose(explicitProduct, gaussNewton, 1e-8, $"{c} gauss-newton");
            AssertClose(explicitProduct, exact, 1e-8, $"{c} exact");
        });

    [Property(MaxTest = 30, Replay = Seed)]
    public Property FisherIsSymmetricPositiveSemidefinite()
        => Prop.ForAll(Policies().ToArbitrary(), static c =>
        {
            FisherTestPolicy policy = c.Build();
            double[] u = policy.RandomVector(c.Seed);
            double[] v = policy.RandomVector(c.Seed + 1);
            foreach (FisherProductMode mode in Enum.GetValues<FisherProductMode>())
            {
                double[] fu = Product(policy, mode, u);
                double[] fv = Product(policy, mode, v);
                double uFv = Dot(u, fv);
                double vFu = Dot(v, fu);
                double scale = Norm(u) * Norm(fv) + Norm(v) * Norm(fu) + 1e-300;
                Assert.True(Math.Abs(uFv - vFu) <= 1e-12 * scale, $"{c} {mode}: u^T F v = {uFv}, v^T F u = {vFu}");
                Assert.True(Dot(v, fv) >= -1e-14 * Norm(v) * Norm(fv), $"{c} {mode}: v^T F v = {Dot(v, fv)}");
            }
        });

    [Fact]
    public void DampingAddsLambdaTimesV()
    {
        FisherTestPolicy policy = new PolicyCase(3, [4], 2, false, 5, Activation.Tanh, 11).Build();
        double[] v = policy.RandomVector(3);
        double[] plain = Product(policy, FisherProductMode.GaussNewton, v);
        double[] damped = Product(policy, FisherProductMode.GaussNewton, v, damping: 0.1);
        AssertClose(plain.Zip(v, (f, x) => f + (0.1 * x)).ToArray(), damped, 1e-14, "damped");
    }

    [Fact]
    public void ASubsampleAveragesOverTheKeptStatesOnly()
    {
        FisherTestPolicy policy = new PolicyCase(2, [3], 1, false, 6, Activation.Silu, 5).Build();
        double[] v = policy.RandomVector(9);
        double[] full = Product(policy, FisherProductMode.GaussNewton, v);

        policy.ResetBatch(stride: 2);
        Assert.Equal(3, policy.Policy.Rows);
        double[] subsampled = Product(policy, FisherProductMode.GaussNewton, v);
        double[] explicitKept = FisherTestPolicy.Multiply(policy.ExplicitFisher(), v);
        AssertClose(explicitKept, subsampled, 1e-10, "subsample");
        Assert.True(Norm(full.Zip(subsampled, (a, b) => a - b).ToArray()) > 1e-6 * Norm(full), "the subsample must differ from the full batch");
    }

    [Fact]
    public void AVectorOfTheWrongLengthIsRefusedWithBothLengths()
    {
        FisherTestPolicy policy = new PolicyCase(2, [3], 1, false, 2, Activation.Tanh, 1).Build();
        var fvp = new FisherVectorProduct<double>(policy.Policy);
        var error = Assert.Throws<ArgumentException>(() => fvp.Apply(new double[policy.Dimension + 1], new double[policy.Dimension + 1]));
        Assert.Contains(policy.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => fvp.Damping = -1);
    }

    internal static double[] Product(FisherTestPolicy policy, FisherProductMode mode, double[] v, double damping = 0)
    {
        var fvp = new FisherVectorProduct<double>(policy.Policy, mode, damping);
        var result = new double[v.Length];
        fvp.Apply(v, result);
        return result;
    }

    internal static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        double difference = Norm(expected.Zip(actual, (a, b) => a - b).ToArray());
        double scale = Math.Max(Norm(expected), 1e-300);
        Assert.True(difference <= relative * scale, $"{what}: |difference| = {difference:E3}, |expected| = {scale:E3} (relative {difference / scale:E3} > {relative:E1})");
    }

    internal static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    internal static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static Gen<PolicyCase> Policies()
        => from observations in Gen.Choose(1, 4)
           from depth in Gen.Choose(1, 2)
           from hidden in Gen.ArrayOf(Gen.Choose(1, 5), depth)
           from actions in Gen.Choose(1, 3)
           from categorical in Gen.Elements(false, false, true)
           from batch in Gen.Choose(1, 6)
           from activation in Gen.Elements(Activation.Tanh, Activation.Silu)
           from std in Gen.Elements(StdParameterization.LogStd, StdParameterization.SoftplusOffset)
           from transform in Gen.Elements(MeanTransform.None, MeanTransform.Tanh)
           from seed in Gen.Choose(0, 1_000_000)
           select new PolicyCase(observations, hidden, categorical ? actions + 1 : actions, categorical, batch, activation, seed,
               new GaussianOptions { Std = std, MeanTransform = transform });

    /// <summary>One random policy's description (FsCheck prints it when a case fails).</summary>
    internal sealed record PolicyCase(int Observations, int[] Hidden, int Actions, bool Categorical, int Batch, Activation Activation, int Seed, GaussianOptions? Options = null)
    {
        public FisherTestPolicy Build() => new(Observations, Hidden, Actions, Categorical, Batch, Activation, Seed, Options);

        public override string ToString()
            => $"obs {Observations}, hidden [{string.Join(',', Hidden)}], {(Categorical ? "categorical" : "gaussian")} {Actions}, batch {Batch}, {Activation}, {Options?.Std}/{Options?.MeanTransform}, seed {Seed}";
    }
}
