using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Algorithms.Mollification;
using Kernel.Envs;
using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Algorithms.Tests.Mollification;

/// <summary>
/// The controllers' vector-Jacobian products J^T v (d mu / d theta) against central finite differences of v . mu(s; theta)
/// in fp64, over random forms (linear, affine, tanh MLP), sizes, parameters, states and cotangents; the paper's K0 and
/// LQR controllers act as the env's reference controllers do; fp32 and fp64 controllers agree to fp32 rounding.
/// </summary>
public class ControllerGradientProperties
{
    private const int Cases = 80;
    private const string Seed = "(20261207,2003)";

    [Property(MaxTest = Cases, Replay = Seed)]
    public Property VectorJacobianProductMatchesFiniteDifferences()
        => Prop.ForAll(RandomControllers().ToArbitrary(), static c => AssertMatches(c.Form, c.States, c.Actions, c.Hidden, c.Seed));

    [Fact]
    public void AWrongVectorJacobianProductIsCaught()
    {
        // Control: the finite-difference check must see a VJP that is off by a factor 2.
        var controller = new LinearFeedbackController<double>(2, 1, hasBias: false);
        controller.Parameters[0] = 0.3;
        controller.Parameters[1] = -0.7;
        double[] state = [0.5, 1.5];
        var analytic = new double[2];
        controller.AccumulateVectorJacobian(state, [1.0], analytic);
        analytic[0] *= 2;
        Assert.False(Close(analytic, FiniteDifferences(controller, state, [1.0])));
    }

    [Fact]
    public void K0ActsAsTheDoublePendulumsReferenceControllerInThePapersForm()
    {
        Controller<double> controller = ControllerFactory.Create<double>(ControllerForm.Linear, ControllerInit.K0, DoublePendulum.EnvId, 4, 2, 16, new KernelRandom(1));
        double[] state = [-0.2, 0.2, 0.3, -0.1];
        var ours = new double[2];
        var reference = new double[2];
        controller.Act(state, ours);
        DoublePendulum.ReferenceController(positiveFeedback: false).Act(state, reference);
        Assert.Equal(reference, ours);
    }

    [Fact]
    public void LqrActsAsTheQuadrotorsOptimum()
    {
        Controller<double> controller = ControllerFactory.Create<double>(ControllerForm.Affine, ControllerInit.Lqr, PlanarQuadrotor.EnvId, 6, 2, 16, new KernelRandom(1));
        double[] state = [0.05, -0.02, 0.01, 0.03, -0.04, 0.02];
        var ours = new double[2];
        var reference = new double[2];
        controller.Act(state, ours);
        PlanarQuadrotor.LqrController().Act(state, reference);
        Assert.Equal(reference[0], ours[0], 1e-14);
        Assert.Equal(reference[1], ours[1], 1e-14);
        Assert.Equal(4.905, controller.Parameters[^1]);
    }

    [Theory]
    [InlineData(ControllerForm.Linear)]
    [InlineData(ControllerForm.Affine)]
    [InlineData(ControllerForm.Mlp)]
    public void Fp32AndFp64ControllersAgreeToFp32Rounding(ControllerForm form)
    {
        Controller<double> wide = ControllerFactory.Create<double>(form, ControllerInit.Random, "Any-v0", 5, 3, 16, new KernelRandom(7));
        Controller<float> narrow = ControllerFactory.Create<float>(form, ControllerInit.Random, "Any-v0", 5, 3, 16, new KernelRandom(7));
        for (int p = 0; p < wide.ParameterCount; p++)
        {
            Assert.Equal((float)wide.Parameters[p], narrow.Parameters[p]);
        }

        double[] state = [0.3, -0.8, 1.1, 0.05, -0.4];
        var u64 = new double[3];
        var u32 = new float[3];
        wide.Act(state, u64);
        narrow.Act([.. state.Select(v => (float)v)], u32);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(u64[r], u32[r], 1e-5);
        }
    }

    [Fact]
    public void ACloneHasTheSameParametersAndItsOwnStorage()
    {
        Controller<double> controller = ControllerFactory.Create<double>(ControllerForm.Mlp, ControllerInit.Random, "Any-v0", 3, 2, 4, new KernelRandom(3));
        Controller<double> copy = controller.Clone();
        Assert.Equal(controller.Parameters.ToArray(), copy.Parameters.ToArray());
        copy.Parameters[0] += 1;
        Assert.NotEqual(controller.Parameters[0], copy.Parameters[0]);
    }

    [Fact]
    public void ActingAllocatesNothing()
    {
        Controller<float> controller = ControllerFactory.Create<float>(ControllerForm.Mlp, ControllerInit.Random, "Any-v0", 11, 3, 16, new KernelRandom(3));
        var state = new float[11];
        var action = new float[3];
        var gradient = new float[controller.ParameterCount];
        controller.Act(state, action);
        controller.AccumulateVectorJacobian(state, action, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            controller.Act(state, action);
            controller.AccumulateVectorJacobian(state, action, gradient);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static Gen<(ControllerForm Form, int States, int Actions, int Hidden, int Seed)> RandomControllers()
        => from form in Gen.Elements(ControllerForm.Linear, ControllerForm.Affine, ControllerForm.Mlp)
           from states in Gen.Choose(1, 6)
           from actions in Gen.Choose(1, 3)
           from hidden in Gen.Choose(1, 8)
           from seed in Gen.Choose(0, int.MaxValue)
           select (form, states, actions, hidden, seed);

    private static void AssertMatches(ControllerForm form, int states, int actions, int hidden, int seed)
    {
        var random = new KernelRandom((ulong)seed);
        Controller<double> controller = ControllerFactory.Create<double>(form, ControllerInit.Random, "Any-v0", states, actions, hidden, random);
        for (int p = 0; p < controller.ParameterCount; p++)
        {
            controller.Parameters[p] = random.Uniform(-1, 1);
        }

        double[] state = [.. Enumerable.Range(0, states).Select(_ => random.Uniform(-1, 1))];
        double[] cotangent = [.. Enumerable.Range(0, actions).Select(_ => random.Uniform(-1, 1))];
        var analytic = new double[controller.ParameterCount];
        controller.AccumulateVectorJacobian(state, cotangent, analytic);
        double[] numeric = FiniteDifferences(controller, state, cotangent);
        Assert.True(Close(analytic, numeric), $"{controller.Description}: analytic [{string.Join(", ", analytic)}] vs numeric [{string.Join(", ", numeric)}]");
    }

    private static double[] FiniteDifferences(Controller<double> controller, double[] state, double[] cotangent)
    {
        const double h = 1e-6;
        var numeric = new double[controller.ParameterCount];
        var action = new double[controller.ActionDimension];
        for (int p = 0; p < numeric.Length; p++)
        {
            double saved = controller.Parameters[p];
            controller.Parameters[p] = saved + h;
            controller.Act(state, action);
            double plus = Dot(cotangent, action);
            controller.Parameters[p] = saved - h;
            controller.Act(state, action);
            double minus = Dot(cotangent, action);
            controller.Parameters[p] = saved;
            numeric[p] = (plus - minus) / (2 * h);
        }

        return numeric;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static bool Close(double[] analytic, double[] numeric)
        => analytic.Zip(numeric).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-7 * (1 + Math.Abs(pair.Second)));
}
