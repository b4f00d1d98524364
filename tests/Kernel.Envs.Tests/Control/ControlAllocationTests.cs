using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Envs.Tests.Control;

public class ControlAllocationTests
{
    [Theory]
    [InlineData("DoublePendulum-v0", "rk4")]
    [InlineData("DoublePendulum-v0", "euler")]
    [InlineData("PlanarQuadrotor-v0", "rk4")]
    [InlineData("PlanarQuadrotor-v0", "euler")]
    public void SteppingAndActingAllocateNothingAfterWarmUp(string id, string integrator)
    {
        EnvOptions options = EnvOptions.Parse([$"integrator={integrator}"]);
        IEnv env = id == DoublePendulum.EnvId ? new DoublePendulum(options) : new PlanarQuadrotor(options);
        LinearController controller = id == DoublePendulum.EnvId ? DoublePendulum.ReferenceController(positiveFeedback: true) : PlanarQuadrotor.LqrController();
        var obs = new double[env.ObservationSpace.Dimension];
        var u = new double[env.ActionSpace.Dimension];
        env.Reset(1, obs);
        for (int t = 0; t < 100; t++)
        {
            controller.Act(obs, u);
            env.Step(u, obs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 500; t++)
        {
            controller.Act(obs, u);
            env.Step(u, obs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
