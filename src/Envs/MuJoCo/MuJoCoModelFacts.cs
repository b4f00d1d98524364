using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// The facts of a compiled model that the spec checks and <c>kernel envs info</c> prints: sizes, options, total
/// mass, and every body, joint and actuator. A snapshot (plain values): it stays valid after the model is gone.
/// Thread-safety: immutable.
/// </summary>
/// <param name="Nq">Position coordinates.</param>
/// <param name="Nv">Degrees of freedom.</param>
/// <param name="Nu">Actuators.</param>
/// <param name="Timestep">opt.timestep.</param>
/// <param name="Integrator">opt.integrator.</param>
/// <param name="Solver">opt.solver.</param>
/// <param name="Iterations">opt.iterations.</param>
/// <param name="Cone">opt.cone.</param>
/// <param name="Gravity">opt.gravity.</param>
/// <param name="TotalMass">mj_getTotalmass.</param>
/// <param name="Bodies">Bodies in id order.</param>
/// <param name="Joints">Joints in id order.</param>
/// <param name="Actuators">Actuators in id (ctrl) order.</param>
public sealed record MuJoCoModelFacts(
    int Nq,
    int Nv,
    int Nu,
    double Timestep,
    MjIntegrator Integrator,
    MjSolver Solver,
    int Iterations,
    MjCone Cone,
    IReadOnlyList<double> Gravity,
    double TotalMass,
    IReadOnlyList<MuJoCoBodyFacts> Bodies,
    IReadOnlyList<MuJoCoJointFacts> Joints,
    IReadOnlyList<MuJoCoActuatorFacts> Actuators)
{
    /// <summary>Reads the facts of <paramref name="model"/>.</summary>
    public static MuJoCoModelFacts Of(MuJoCoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bodies = new MuJoCoBodyFacts[model.BodyCount];
        for (int b = 0; b < bodies.Length; b++)
        {
            bodies[b] = new MuJoCoBodyFacts(b, model.Name(MjObjectType.Body, b), model.Name(MjObjectType.Body, model.BodyParentId[b]), model.BodyMass[b]);
        }

        var joints = new MuJoCoJointFacts[model.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            int dof = model.JointDofAddress[j];
            joints[j] = new MuJoCoJointFacts(
                j,
                model.Name(MjObjectType.Joint, j),
                (MjJointType)model.JointType[j],
                model.Name(MjObjectType.Body, model.JointBodyId[j]),
                model.JointQposAddress[j],
                dof,
                model.JointLimited[j] != 0,
                model.JointRange[2 * j],
                model.JointRange[(2 * j) + 1],
                model.DofDamping[dof],
                model.DofArmature[dof],
                model.JointStiffness[j]);
        }

        var actuators = new MuJoCoActuatorFacts[model.Nu];
        for (int a = 0; a < actuators.Length; a++)
        {
            // actuator_trntype 0 = mjTRN_JOINT: trnid[0] is a joint id.
            string? joint = model.ActuatorTransmissionType[a] == 0 ? model.Name(MjObjectType.Joint, model.ActuatorTransmissionId[2 * a]) : null;
            actuators[a] = new MuJoCoActuatorFacts(
                a,
                model.Name(MjObjectType.Actuator, a),
                joint,
                model.ActuatorGear[6 * a],
                model.ActuatorCtrlLimited[a] != 0,
                model.ActuatorCtrlRange[2 * a],
                model.ActuatorCtrlRange[(2 * a) + 1]);
        }

        return new MuJoCoModelFacts(
            model.Nq, model.Nv, model.Nu, model.Timestep, model.Integrator, model.Solver, model.Iterations, model.Cone,
            model.Gravity.ToArray(), model.TotalMass, bodies, joints, actuators);
    }
}
