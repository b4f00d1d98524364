using Kernel.Envs.MuJoCo.Native;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

public class NativeBindingTests
{
    private const string PendulumXml =
        "<mujoco><option timestep=\"0.01\"/><worldbody><body name=\"pole\" pos=\"0 0 1\"><joint name=\"hinge\" type=\"hinge\" axis=\"0 1 0\"/>"
        + "<geom name=\"bob\" type=\"sphere\" size=\"0.1\" pos=\"0 0 -0.5\" mass=\"2\"/></body></worldbody>"
        + "<actuator><motor name=\"torque\" joint=\"hinge\" gear=\"10\" ctrllimited=\"true\" ctrlrange=\"-1 1\"/></actuator></mujoco>";

    [Fact]
    public void TheLibraryIsVersion2Point2Point2AndPassesItsLayoutCheck()
    {
        MuJoCoLibrary.EnsureAvailable();
        Assert.True(MuJoCoLibrary.IsAvailable);
        Assert.Equal("2.2.2", MuJoCoLibrary.VersionString);
        MjLayoutCheck.Verify();
    }

    [Fact]
    public void TheLayoutTableHoldsTheOffsetsMeasuredFor2Point2Point2()
    {
        // offsetof values from the spec (mujoco-v4.md section 5), measured with a C program against /usr/include/mujoco.
        Assert.Equal(40376, MjLayout.Qpos.Offset);
        Assert.Equal(40384, MjLayout.Qvel.Offset);
        Assert.Equal(40408, MjLayout.Ctrl.Offset);
        Assert.Equal(40480, MjLayout.Xpos.Offset);
        Assert.Equal(40616, MjLayout.Cinert.Offset);
        Assert.Equal(41168, MjLayout.CfrcExt.Offset);
        Assert.Equal(232, MjLayout.ModelOption);
        Assert.Equal(1096, MjLayout.Qpos0.Offset);
        Assert.Equal(2792, MjLayout.ActuatorCtrlRange.Offset);
        Assert.Equal(1240, MjLayout.BodyMass.Offset);
        Assert.Equal(1368, MjLayout.JointRange.Offset);
        Assert.Equal(2816, MjLayout.ActuatorGear.Offset);
        Assert.Equal(40336, MjLayout.DataTime);
        Assert.Equal(40392, MjLayout.Act.Offset);
        Assert.Equal(40448, MjLayout.Qacc.Offset);
        Assert.Equal(40504, MjLayout.Xipos.Offset);
        Assert.Equal(40552, MjLayout.SiteXpos.Offset);
        Assert.Equal(40960, MjLayout.Cvel.Offset);
        Assert.Equal(41088, MjLayout.QfrcActuator.Offset);
        Assert.Equal(41136, MjLayout.QfrcConstraint.Offset);
    }

    [Theory]
    [InlineData("qvel", 40376)]           // qvel read where qpos is
    [InlineData("xipos", 40488)]          // xipos read where xquat is
    [InlineData("cfrc_ext", 41160)]       // cfrc_ext read where cfrc_int is
    [InlineData("qfrc_actuator", 41096)]  // one member too far
    public void AWrongDataOffsetFailsTheLayoutCheck(string field, int wrongOffset)
    {
        MjArrayField[] data = [.. MjLayout.DataArrays.Select(f => f.Name == field ? f with { Offset = wrongOffset } : f)];
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => MjLayoutCheck.Verify(MjLayout.ModelArrays, data));
        Assert.Contains("layout check failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("body_mass", 1248)]       // body_subtreemass
    [InlineData("jnt_range", 1360)]       // jnt_stiffness
    [InlineData("actuator_gear", 2808)]   // the member before
    [InlineData("jnt_qposadr", 1296)]     // jnt_dofadr
    public void AWrongModelOffsetFailsTheLayoutCheck(string field, int wrongOffset)
    {
        MjArrayField[] model = [.. MjLayout.ModelArrays.Select(f => f.Name == field ? f with { Offset = wrongOffset } : f)];
        Assert.Throws<InvalidOperationException>(() => MjLayoutCheck.Verify(model, MjLayout.DataArrays));
    }

    [Fact]
    public void AModelCompilesFromTextAndReportsItsFacts()
    {
        using MuJoCoModel model = MuJoCoModel.FromXml(PendulumXml);
        Assert.Equal((1, 1, 1, 2, 1), (model.Nq, model.Nv, model.Nu, model.BodyCount, model.JointCount));
        Assert.Equal(0.01, model.Timestep);
        Assert.Equal(MjIntegrator.Euler, model.Integrator);
        Assert.Equal(MjSolver.Newton, model.Solver);
        Assert.Equal(100, model.Iterations);
        Assert.Equal([0.0, 0.0, -9.81], model.Gravity.ToArray());
        Assert.Equal(2.0, model.TotalMass);
        Assert.Equal([0.0, 2.0], model.BodyMass.ToArray());
        Assert.Equal([-1.0, 1.0], model.ActuatorCtrlRange.ToArray());
        Assert.Equal(10.0, model.ActuatorGear[0]);
        Assert.Equal((int)MjJointType.Hinge, model.JointType[0]);
        Assert.Equal("pole", model.Name(MjObjectType.Body, 1));
        Assert.Equal(0, model.Id(MjObjectType.Actuator, "torque"));
        Assert.Equal(-1, model.Id(MjObjectType.Joint, "nope"));
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.RequireId(MjObjectType.Joint, "nope"));
        Assert.Contains("hinge", error.Message, StringComparison.Ordinal);
        Assert.Equal(PendulumXml, model.Xml);
    }

    [Fact]
    public void ABadModelSurfacesMuJoCosOwnMessage()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => MuJoCoModel.FromXml("<mujoco><worldbody><body><joint type=\"spiral\"/></body></worldbody></mujoco>"));
        Assert.Equal("xml", error.ParamName);
        Assert.Contains("spiral", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => MuJoCoModel.FromFile("/nonexistent/model.xml"));
        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void AFileLoadsLikeTheSameText()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kernel-mujoco-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, PendulumXml);
        try
        {
            using MuJoCoModel fromFile = MuJoCoModel.FromFile(path);
            using MuJoCoModel fromText = MuJoCoModel.FromXml(PendulumXml);
            Assert.Null(fromFile.Xml);
            Assert.Equal(fromText.BodyMass.ToArray(), fromFile.BodyMass.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DataStepsThePhysicsAndTheMotorClampsCtrlButKeepsTheRawValue()
    {
        using MuJoCoModel model = MuJoCoModel.FromXml(PendulumXml);
        using var data = new MuJoCoData(model);
        data.Ctrl[0] = 5.0;                 // outside ctrlrange [-1, 1]
        data.Forward();
        Assert.Equal(10.0, data.QfrcActuator[0]); // gear 10 x clamped 1
        data.Step();
        Assert.Equal(5.0, data.Ctrl[0]);
        Assert.Equal(0.01, data.Time);
        Assert.True(data.Qvel[0] > 0);
        data.Reset();
        Assert.Equal(0.0, data.Time);
        Assert.Equal(0.0, data.Qvel[0]);
        Assert.Equal(0.0, data.Ctrl[0]);
    }

    [Fact]
    public void DisposingTwiceIsHarmlessAndUseAfterDisposeThrowsObjectDisposedException()
    {
        MuJoCoModel model = MuJoCoModel.FromXml(PendulumXml);
        var data = new MuJoCoData(model);
        data.Dispose();
        data.Dispose();
        ObjectDisposedException error = Assert.Throws<ObjectDisposedException>(() => data.Step());
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => data.Qpos.Length);
        Assert.Throws<ObjectDisposedException>(() => data.Time);

        var second = new MuJoCoData(model);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.TotalMass);
        Assert.Throws<ObjectDisposedException>(() => model.BodyMass.Length);
        Assert.Throws<ObjectDisposedException>(() => new MuJoCoData(model));
        Assert.Contains("model", Assert.Throws<ObjectDisposedException>(() => second.Step()).Message, StringComparison.Ordinal);
        second.Dispose(); // releases the model's native memory now
    }

    [Fact]
    public void ForgottenHandlesAreFreedByTheirFinalizers()
    {
        static WeakReference MakeAndForget()
        {
            var model = MuJoCoModel.FromXml(PendulumXml);
            var data = new MuJoCoData(model);
            data.Step();
            return new WeakReference(model);
        }

        WeakReference reference = MakeAndForget();
        for (int i = 0; i < 3 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(reference.IsAlive);
    }
}
