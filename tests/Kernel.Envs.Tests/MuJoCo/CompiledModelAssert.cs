using Kernel.Envs.MuJoCo.Native;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

/// <summary>Assertions on a compiled model's facts (the numbers mujoco-v4.md lists for each task).</summary>
internal static class CompiledModelAssert
{
    /// <summary>Degrees to radians as MuJoCo's compiler converts them (value * pi / 180).</summary>
    public static double Radians(double degrees) => degrees * Math.PI / 180;

    /// <summary>nq, nv, nu and the body names in id order (the world first).</summary>
    public static void Sizes(MuJoCoModel model, int nq, int nv, int nu, params string[] bodies)
    {
        Assert.Equal((nq, nv, nu), (model.Nq, model.Nv, model.Nu));
        Assert.Equal(bodies, Enumerable.Range(0, model.BodyCount).Select(b => model.Name(MjObjectType.Body, b)).ToArray());
    }

    /// <summary>Timestep, integrator, solver and its iteration limit.</summary>
    public static void Options(MuJoCoModel model, double timestep, MjIntegrator integrator, MjSolver solver, int iterations)
    {
        Assert.Equal(timestep, model.Timestep);
        Assert.Equal(integrator, model.Integrator);
        Assert.Equal(solver, model.Solver);
        Assert.Equal(iterations, model.Iterations);
    }

    /// <summary>A joint's type, limits (null: unlimited), damping, armature and stiffness; ranges compare to 1e-12 (degree conversion).</summary>
    public static void Joint(MuJoCoModel model, string name, MjJointType type, (double Low, double High)? range, double damping, double armature, double stiffness = 0)
    {
        int id = model.RequireId(MjObjectType.Joint, name);
        Assert.Equal((int)type, model.JointType[id]);
        Assert.True((model.JointLimited[id] == 1) == range.HasValue, $"joint {name}: limited = {model.JointLimited[id]}, expected range {range}");
        if (range is { } expected)
        {
            Assert.Equal(expected.Low, model.JointRange[2 * id], 12);
            Assert.Equal(expected.High, model.JointRange[(2 * id) + 1], 12);
        }

        int dof = model.JointDofAddress[id];
        Assert.Equal(damping, model.DofDamping[dof]);
        Assert.Equal(armature, model.DofArmature[dof]);
        Assert.Equal(stiffness, model.JointStiffness[id]);
    }

    /// <summary>The joint names in id order (which fixes the qpos layout).</summary>
    public static void JointOrder(MuJoCoModel model, params string[] joints)
        => Assert.Equal(joints, Enumerable.Range(0, model.JointCount).Select(j => model.Name(MjObjectType.Joint, j)).ToArray());

    /// <summary>Actuator <paramref name="index"/> drives <paramref name="joint"/> with this gear and a clamped control range.</summary>
    public static void Motor(MuJoCoModel model, int index, string joint, double gear, (double Low, double High) ctrlRange)
    {
        Assert.Equal(0, model.ActuatorTransmissionType[index]);
        Assert.Equal(joint, model.Name(MjObjectType.Joint, model.ActuatorTransmissionId[2 * index]));
        Assert.Equal(gear, model.ActuatorGear[6 * index]);
        Assert.Equal(1, model.ActuatorCtrlLimited[index]);
        Assert.Equal(ctrlRange, (model.ActuatorCtrlRange[2 * index], model.ActuatorCtrlRange[(2 * index) + 1]));
    }

    /// <summary>The sliding friction of a named geom.</summary>
    public static void Friction(MuJoCoModel model, string geom, double sliding)
        => Assert.Equal(sliding, model.GeomFriction[3 * model.RequireId(MjObjectType.Geom, geom)]);

    /// <summary>Total mass to 1e-9 relative.</summary>
    public static void TotalMass(MuJoCoModel model, double expected)
    {
        double relative = Math.Abs(model.TotalMass - expected) / expected;
        Assert.True(relative <= 1e-9, $"total mass {model.TotalMass:R}, expected {expected:R} (relative error {relative:E2})");
    }

    /// <summary>The mass of a capsule of radius r and half-length h at density 1000 kg/m^3 (MuJoCo's default): rho (pi r^2 2h + 4/3 pi r^3).</summary>
    public static double CapsuleMass(double radius, double halfLength, double density = 1000)
        => density * ((Math.PI * radius * radius * 2 * halfLength) + (4.0 / 3.0 * Math.PI * radius * radius * radius));
}
