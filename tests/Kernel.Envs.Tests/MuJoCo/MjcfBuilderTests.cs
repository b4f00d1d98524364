using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kernel.Envs.MuJoCo;
using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;
using Xunit;

namespace Kernel.Envs.Tests.MuJoCo;

public class MjcfBuilderTests
{
    [Fact]
    public void AbsentValuesWriteNoAttributeAndNumbersRoundTrip()
    {
        XElement joint = new MjcfJoint { Name = "j", Range = (-0.1, 1.0 / 3) }.ToElement();
        Assert.Equal(["name", "range"], joint.Attributes().Select(a => a.Name.LocalName));
        double[] range = [.. joint.Attribute("range")!.Value.Split(' ').Select(double.Parse)];
        Assert.Equal([-0.1, 1.0 / 3], range);
        Assert.Equal("0.19999999999999996", new MjcfGeom { Size = [1.25 - 1.05] }.ToElement().Attribute("size")!.Value);
        Assert.Throws<ArgumentException>(() => new MjcfGeom { Size = [double.NaN] }.ToElement());
    }

    [Fact]
    public void ASmallModelCompilesWithTheValuesWritten()
    {
        var mjcf = new MjcfModel
        {
            Name = "two links",
            Compiler = new MjcfCompiler { Angle = MjcfAngle.Radian },
            Option = new MjcfOption { Timestep = 0.005, Integrator = MjIntegrator.RK4, Solver = MjSolver.PGS, Iterations = 20, Gravity = new MjcfVec3(0, 0, -1.62) },
            Defaults = new MjcfDefaults { Joint = new MjcfJoint { Damping = 0.5 }, Geom = new MjcfGeom { Density = 500 } },
            WorldBody = new MjcfBody
            {
                Bodies =
                [
                    new MjcfBody
                    {
                        Name = "upper",
                        Pos = new MjcfVec3(0, 0, 2),
                        Joints = [new MjcfJoint { Name = "shoulder", Type = MjJointType.Hinge, Axis = new MjcfVec3(0, 1, 0), Range = (-1, 1), Limited = true }],
                        Geoms = [new MjcfGeom { Type = MjcfGeomType.Capsule, FromTo = (MjcfVec3.Zero, new MjcfVec3(0, 0, -0.5)), Size = [0.05] }],
                        Bodies =
                        [
                            new MjcfBody
                            {
                                Name = "lower",
                                Pos = new MjcfVec3(0, 0, -0.5),
                                Joints = [new MjcfJoint { Name = "elbow", Type = MjJointType.Hinge, Axis = new MjcfVec3(0, 1, 0), Stiffness = 3 }],
                                Geoms = [new MjcfGeom { Type = MjcfGeomType.Sphere, Size = [0.1], Mass = 2 }],
                                Sites = [new MjcfSite { Name = "hand", Pos = new MjcfVec3(0, 0, -0.1) }],
                            },
                        ],
                    },
                ],
            },
            Tendons = [new MjcfFixedTendon { Name = "coupling", Joints = [("shoulder", 1), ("elbow", -0.5)] }],
            Motors = [new MjcfMotor { Name = "m", Joint = "elbow", Gear = 7, CtrlLimited = true, CtrlRange = (-2, 2) }],
        };
        using MuJoCoModel model = mjcf.Compile();
        Assert.Equal((2, 2, 1, 1, 1), (model.Nq, model.Nv, model.Nu, model.TendonCount, model.SiteCount));
        Assert.Equal((0.005, MjIntegrator.RK4, MjSolver.PGS, 20), (model.Timestep, model.Integrator, model.Solver, model.Iterations));
        Assert.Equal([0.0, 0.0, -1.62], model.Gravity.ToArray());
        Assert.Equal([-1.0, 1.0], model.JointRange[..2].ToArray());
        Assert.Equal([0.5, 0.5], model.DofDamping.ToArray());
        Assert.Equal(3.0, model.JointStiffness[1]);
        Assert.Equal(2.0, model.BodyMass[2]);
        Assert.Equal(500 * Math.PI * 0.05 * 0.05 * ((2 * 0.25) + (4.0 / 3 * 0.05)), model.BodyMass[1], 12);
        Assert.Equal(7.0, model.ActuatorGear[0]);
        Assert.Equal("two links", XDocument.Parse(mjcf.ToXml()).Root!.Attribute("model")!.Value);
    }

    [Fact]
    public void SettotalmassScalesTheMasses()
    {
        MjcfModel mjcf = InvertedPendulumModel.Default.ToMjcf();
        using MuJoCoModel model = (mjcf with { Compiler = mjcf.Compiler with { SetTotalMass = 14 } }).Compile();
        Assert.Equal(14, model.TotalMass, 12);
    }

    [Fact]
    public void FromZToMatchesMuJoCosRotationForTheHopperFoot()
    {
        // The quaternion Gymnasium's hopper.xml writes for the foot capsule lying along -x.
        Assert.Equal(new MjcfQuat(0.70710678118654757, 0, -0.70710678118654746, 0), MjcfQuat.FromZTo(new MjcfVec3(-0.39, 0, 0)) with { X = 0 });
        Assert.Equal(MjcfQuat.Identity, MjcfQuat.FromZTo(new MjcfVec3(0, 0, 2)));
        Assert.Equal(new MjcfQuat(0, 1, 0, 0), MjcfQuat.FromZTo(new MjcfVec3(0, 0, -1)));
        Assert.Throws<ArgumentException>(() => MjcfQuat.FromZTo(MjcfVec3.Zero));
    }

    [Property(MaxTest = 200, Replay = "(20261123,41)")]
    public Property FromZToTurnsTheZAxisOntoTheDirection()
        => Prop.ForAll(Directions().ToArbitrary(), static d =>
        {
            MjcfQuat q = MjcfQuat.FromZTo(d);
            double norm = Math.Sqrt((d.X * d.X) + (d.Y * d.Y) + (d.Z * d.Z));

            // R(q) e_z = (2(xz + wy), 2(yz - wx), w^2 - x^2 - y^2 + z^2)
            double rx = 2 * ((q.X * q.Z) + (q.W * q.Y));
            double ry = 2 * ((q.Y * q.Z) - (q.W * q.X));
            double rz = (q.W * q.W) - (q.X * q.X) - (q.Y * q.Y) + (q.Z * q.Z);
            double unit = (q.W * q.W) + (q.X * q.X) + (q.Y * q.Y) + (q.Z * q.Z);
            return Math.Abs(unit - 1) < 1e-12
                && Math.Abs(rx - (d.X / norm)) < 1e-12 && Math.Abs(ry - (d.Y / norm)) < 1e-12 && Math.Abs(rz - (d.Z / norm)) < 1e-12;
        });

    private static Gen<MjcfVec3> Directions()
        => from x in Gen.Choose(-1000, 1000)
           from y in Gen.Choose(-1000, 1000)
           from z in Gen.Choose(-1000, 1000)
           where x != 0 || y != 0 || z != 0
           select new MjcfVec3(x / 100.0, y / 100.0, z / 100.0);
}
