using System.Globalization;

namespace Kernel.Envs.MuJoCo.Native;

/// <summary>
/// Verifies <see cref="MjLayout"/> against the loaded library before anything reads through it: a probe model with
/// known, mostly distinct sizes is compiled and simulated, and then
/// <list type="number">
/// <item>the size and option members must read back as written in the probe's MJCF;</item>
/// <item>every array pointer must lie in its struct's buffer, and the distance to the next pointer member must equal
/// the array's size rounded up to MuJoCo's 64-byte allocation step (so an offset that lands on a neighbouring
/// member is caught by the neighbour's different size); the first arrays start the buffers and cfrc_ext ends the
/// data buffer;</item>
/// <item>values must mean what they should: joint types, addresses, ranges, damping, gears and control ranges as in
/// the MJCF, body masses summing to <c>mj_getTotalmass</c>, qpos = qpos0 after <c>mj_makeData</c>, a motor's
/// force in qfrc_actuator, a free body's pose in xpos/xipos/site_xpos and velocity in cvel, the time after one
/// step, the world's cacc = -gravity and contact forces in cfrc_ext and qfrc_constraint.</item>
/// </list>
/// Thread-safety: stateless; <see cref="MuJoCoLibrary"/> runs it once per process.
/// </summary>
internal static unsafe class MjLayoutCheck
{
    private const double Timestep = 0.0042;
    private const int Iterations = 37;
    private const int StackLength = 123457;
    private const int ChainLength = 10;
    private const double RootHeight = 1.5;
    private const double LinkSpacing = 0.2;
    private static readonly double[] GravityVector = [0.5, -0.25, -7.5];

    /// <summary>The probe: a free root body with a site and a hanging chain of 9 hinges and 1 slide (the last 3 links below the floor, touching it), 5 motors (one unlimited), a fixed tendon.</summary>
    internal static string ProbeXml { get; } = BuildProbeXml();

    /// <summary>Checks the layout the binding uses; throws if any check fails.</summary>
    /// <exception cref="InvalidOperationException">A check failed (the message names it, with the expected and found values).</exception>
    public static void Verify() => Verify(MjLayout.ModelArrays, MjLayout.DataArrays);

    /// <summary>Checks a given layout table (tests pass a corrupted one to see the check fail).</summary>
    internal static void Verify(IReadOnlyList<MjArrayField> modelArrays, IReadOnlyList<MjArrayField> dataArrays)
    {
        using MuJoCoModel model = MuJoCoModel.LoadXml(ProbeXml);
        using var data = new MuJoCoData(model);
        CheckSizesAndOptions(model);
        CheckModelBuffer(model, modelArrays);
        CheckDataBuffer(model, data, dataArrays);
        CheckDataSizes(data);
        CheckModelValues(model, modelArrays);
        CheckDataValues(model, data, dataArrays);
    }

    private static string BuildProbeXml()
    {
        var xml = new System.Text.StringBuilder();
        string gravity = string.Join(" ", GravityVector.Select(Format));
        xml.Append(CultureInfo.InvariantCulture, $"<mujoco model=\"layout-probe\"><compiler angle=\"radian\"/><size nstack=\"{StackLength}\"/>");
        xml.Append($"<option timestep=\"{Format(Timestep)}\" gravity=\"{gravity}\" integrator=\"RK4\" cone=\"elliptic\" solver=\"CG\" iterations=\"{Iterations}\"/>");
        xml.Append("<worldbody><geom name=\"floor\" type=\"plane\" size=\"5 5 0.1\"/>");
        xml.Append($"<body name=\"root\" pos=\"0.1 0.2 {Format(RootHeight)}\"><joint name=\"free\" type=\"free\"/>");
        xml.Append("<geom name=\"root_geom\" type=\"sphere\" size=\"0.1\"/><site name=\"root_site\" pos=\"0 0 0.3\"/>");
        for (int k = 1; k <= ChainLength; k++)
        {
            string joint = k == ChainLength
                ? $"<joint name=\"j{k}\" type=\"slide\" axis=\"0 0 1\" range=\"-0.25 0.125\" limited=\"true\"/>"
                : k == 1
                    ? "<joint name=\"j1\" type=\"hinge\" axis=\"0 1 0\" range=\"-0.5 0.75\" limited=\"true\" damping=\"0.3\" armature=\"0.02\" stiffness=\"4\"/>"
                    : $"<joint name=\"j{k}\" type=\"hinge\" axis=\"1 0 0\"/>";
            string friction = k == 3 ? " friction=\"0.7 0.01 0.002\"" : string.Empty;
            xml.Append($"<body name=\"b{k}\" pos=\"0 0 -{Format(LinkSpacing)}\">{joint}<geom name=\"g{k}\" type=\"sphere\" size=\"0.05\"{friction}/>");
            if (k == 5)
            {
                xml.Append("<site name=\"mid_site\"/>");
            }
        }

        for (int k = 0; k <= ChainLength; k++)
        {
            xml.Append("</body>");
        }

        xml.Append("<site name=\"world_site\" pos=\"1 2 3\"/></worldbody>");
        xml.Append("<tendon><fixed name=\"t\"><joint joint=\"j1\" coef=\"1\"/><joint joint=\"j2\" coef=\"-1\"/></fixed></tendon>");
        xml.Append("<actuator><motor name=\"m1\" joint=\"j1\" gear=\"3\" ctrllimited=\"true\" ctrlrange=\"-0.75 0.5\"/>");
        xml.Append("<motor name=\"m2\" joint=\"j4\" gear=\"5\" ctrllimited=\"true\" ctrlrange=\"-1 1\"/>");
        xml.Append("<motor name=\"m3\" joint=\"j2\" gear=\"7\" ctrllimited=\"false\"/>");
        xml.Append("<motor name=\"m4\" joint=\"j10\" gear=\"11\" ctrllimited=\"true\" ctrlrange=\"-2 2\"/>");
        xml.Append("<motor name=\"m5\" joint=\"j7\" gear=\"13\" ctrllimited=\"true\" ctrlrange=\"-3 4\"/></actuator></mujoco>");
        return xml.ToString();
    }

    private static void CheckSizesAndOptions(MuJoCoModel model)
    {
        Expect("mjModel.nq", 7 + ChainLength, model.Nq);
        Expect("mjModel.nv", 6 + ChainLength, model.Nv);
        Expect("mjModel.nu", 5, model.Nu);
        Expect("mjModel.na", 0, model.Na);
        Expect("mjModel.nbody", 2 + ChainLength, model.BodyCount);
        Expect("mjModel.njnt", 1 + ChainLength, model.JointCount);
        Expect("mjModel.ngeom", 2 + ChainLength, model.GeomCount);
        Expect("mjModel.nsite", 3, model.SiteCount);
        Expect("mjModel.ntendon", 1, model.TendonCount);
        Expect("mjOption.timestep", Timestep, model.Timestep);
        for (int i = 0; i < 3; i++)
        {
            Expect($"mjOption.gravity[{i}]", GravityVector[i], model.Gravity[i]);
        }

        Expect("mjOption.integrator", (int)MjIntegrator.RK4, (int)model.Integrator);
        Expect("mjOption.cone", (int)MjCone.Elliptic, (int)model.Cone);
        Expect("mjOption.solver", (int)MjSolver.CG, (int)model.Solver);
        Expect("mjOption.iterations", Iterations, model.Iterations);
    }

    private static void CheckDataSizes(MuJoCoData data) => Expect("mjData.nstack", StackLength, *(int*)(data.Pointer + MjLayout.DataNStack));

    private static void CheckModelBuffer(MuJoCoModel model, IReadOnlyList<MjArrayField> fields)
    {
        byte* start = *(byte**)(model.Pointer + MjLayout.ModelBuffer);
        long size = *(int*)(model.Pointer + MjLayout.ModelNBuffer);
        Expect("mjModel.qpos0 (first array of mjModel.buffer)", (long)start, (long)Array(model.Pointer, Field(fields, "qpos0")));
        foreach (MjArrayField field in fields)
        {
            CheckArray("mjModel", model.Pointer, start, size, field, model.Rows(field.Rows), lastInBuffer: false);
        }
    }

    private static void CheckDataBuffer(MuJoCoModel model, MuJoCoData data, IReadOnlyList<MjArrayField> fields)
    {
        byte* start = *(byte**)(data.Pointer + MjLayout.DataBuffer);
        long size = *(int*)(data.Pointer + MjLayout.DataNBuffer);
        Expect("mjData.qpos (first array of mjData.buffer)", (long)start, (long)Array(data.Pointer, Field(fields, "qpos")));
        foreach (MjArrayField field in fields)
        {
            CheckArray("mjData", data.Pointer, start, size, field, model.Rows(field.Rows), lastInBuffer: field.Name == "cfrc_ext");
        }
    }

    private static void CheckArray(string structName, byte* structPointer, byte* bufferStart, long bufferSize, MjArrayField field, int rows, bool lastInBuffer)
    {
        byte* array = Array(structPointer, field);
        long bytes = field.Bytes(rows);
        if (array < bufferStart || array + bytes > bufferStart + bufferSize)
        {
            throw Failure($"{structName}.{field.Name} at offset {field.Offset} points outside the struct's buffer");
        }

        // The pointer member declared after this one points where this array's allocation ends.
        byte* next = lastInBuffer ? bufferStart + bufferSize : *(byte**)(structPointer + field.Offset + sizeof(IntPtr));
        Expect($"{structName}.{field.Name} allocation size ({rows} x {field.Columns} x {field.ElementSize} bytes, 64-byte aligned)", lastInBuffer ? bytes : MjLayout.Aligned(bytes), next - array);
    }

    private static void CheckModelValues(MuJoCoModel model, IReadOnlyList<MjArrayField> fields)
    {
        ReadOnlySpan<int> type = Ints(model, Field(fields, "jnt_type"));
        ReadOnlySpan<int> qposAddress = Ints(model, Field(fields, "jnt_qposadr"));
        ReadOnlySpan<int> dofAddress = Ints(model, Field(fields, "jnt_dofadr"));
        ReadOnlySpan<int> jointBody = Ints(model, Field(fields, "jnt_bodyid"));
        ReadOnlySpan<int> parent = Ints(model, Field(fields, "body_parentid"));
        ReadOnlySpan<byte> limited = Bytes(model, Field(fields, "jnt_limited"));
        for (int j = 0; j <= ChainLength; j++)
        {
            MjJointType expectedType = j == 0 ? MjJointType.Free : j == ChainLength ? MjJointType.Slide : MjJointType.Hinge;
            Expect($"jnt_type[{j}]", (int)expectedType, type[j]);
            Expect($"jnt_qposadr[{j}]", j == 0 ? 0 : 6 + j, qposAddress[j]);
            Expect($"jnt_dofadr[{j}]", j == 0 ? 0 : 5 + j, dofAddress[j]);
            Expect($"jnt_bodyid[{j}]", j + 1, jointBody[j]);
            Expect($"jnt_limited[{j}]", j is 1 or ChainLength ? 1 : 0, limited[j]);
        }

        for (int b = 0; b < model.BodyCount; b++)
        {
            Expect($"body_parentid[{b}]", b <= 1 ? 0 : b - 1, parent[b]);
        }

        ReadOnlySpan<double> range = Doubles(model, Field(fields, "jnt_range"));
        Expect("jnt_range[j1]", (-0.5, 0.75), (range[2], range[3]));
        Expect("jnt_range[j10]", (-0.25, 0.125), (range[2 * ChainLength], range[(2 * ChainLength) + 1]));
        Expect("jnt_stiffness[j1]", 4.0, Doubles(model, Field(fields, "jnt_stiffness"))[1]);
        Expect("dof_damping[j1]", 0.3, Doubles(model, Field(fields, "dof_damping"))[6]);
        Expect("dof_armature[j1]", 0.02, Doubles(model, Field(fields, "dof_armature"))[6]);

        int g3 = model.RequireId(MjObjectType.Geom, "g3");
        Expect("geom_bodyid[g3]", 4, Ints(model, Field(fields, "geom_bodyid"))[g3]);
        ReadOnlySpan<double> friction = Doubles(model, Field(fields, "geom_friction"));
        Expect("geom_friction[g3]", (0.7, 0.01, 0.002), (friction[3 * g3], friction[(3 * g3) + 1], friction[(3 * g3) + 2]));

        double[] gears = [3, 5, 7, 11, 13];
        string[] joints = ["j1", "j4", "j2", "j10", "j7"];
        (double Low, double High)[] ranges = [(-0.75, 0.5), (-1, 1), (0, 0), (-2, 2), (-3, 4)];
        ReadOnlySpan<int> transmissionType = Ints(model, Field(fields, "actuator_trntype"));
        ReadOnlySpan<int> transmissionId = Ints(model, Field(fields, "actuator_trnid"));
        ReadOnlySpan<byte> ctrlLimited = Bytes(model, Field(fields, "actuator_ctrllimited"));
        ReadOnlySpan<double> ctrlRange = Doubles(model, Field(fields, "actuator_ctrlrange"));
        ReadOnlySpan<double> gear = Doubles(model, Field(fields, "actuator_gear"));
        for (int a = 0; a < model.Nu; a++)
        {
            Expect($"actuator_trntype[{a}]", 0, transmissionType[a]);
            Expect($"actuator_trnid[{a}]", model.RequireId(MjObjectType.Joint, joints[a]), transmissionId[2 * a]);
            Expect($"actuator_ctrllimited[{a}]", a == 2 ? 0 : 1, ctrlLimited[a]);
            Expect($"actuator_ctrlrange[{a}]", ranges[a], (ctrlRange[2 * a], ctrlRange[(2 * a) + 1]));
            Expect($"actuator_gear[{a}]", gears[a], gear[6 * a]);
        }

        ReadOnlySpan<double> mass = Doubles(model, Field(fields, "body_mass"));
        double sum = 0;
        foreach (double m in mass)
        {
            sum += m;
        }

        Expect("sum of body_mass (mj_getTotalmass)", model.TotalMass, sum);
        ReadOnlySpan<double> qpos0 = Doubles(model, Field(fields, "qpos0"));
        Expect("qpos0 of the free joint", (0.1, 0.2, RootHeight, 1.0), (qpos0[0], qpos0[1], qpos0[2], qpos0[3]));
    }

    private static void CheckDataValues(MuJoCoModel model, MuJoCoData data, IReadOnlyList<MjArrayField> fields)
    {
        Span<double> qpos = DataDoubles(model, data, Field(fields, "qpos"));
        Span<double> qvel = DataDoubles(model, data, Field(fields, "qvel"));
        Span<double> ctrl = DataDoubles(model, data, Field(fields, "ctrl"));
        ReadOnlySpan<double> qpos0 = model.Qpos0; // verified by the model checks
        for (int i = 0; i < model.Nq; i++)
        {
            Expect($"qpos[{i}] after mj_makeData (= qpos0)", qpos0[i], qpos[i]);
        }

        Expect("time after mj_makeData", 0.0, data.Time);
        const double Control = 0.5;
        const double Speed = 0.25;
        ctrl[0] = Control;
        qvel[0] = Speed;
        data.Forward();
        ReadOnlySpan<double> actuatorForce = DataDoubles(model, data, Field(fields, "qfrc_actuator"));
        Expect("qfrc_actuator at j1 (gear x ctrl)", 3 * Control, actuatorForce[6]);
        Expect("qfrc_actuator at the free joint", 0.0, actuatorForce[0]);
        ReadOnlySpan<double> xpos = DataDoubles(model, data, Field(fields, "xpos"));
        ReadOnlySpan<double> xipos = DataDoubles(model, data, Field(fields, "xipos"));
        ReadOnlySpan<double> xquat = DataDoubles(model, data, Field(fields, "xquat"));
        ReadOnlySpan<double> site = DataDoubles(model, data, Field(fields, "site_xpos"));
        Expect("xpos[root]", (0.1, 0.2, RootHeight), (xpos[3], xpos[4], xpos[5]));
        Expect("xipos[root]", (0.1, 0.2, RootHeight), (xipos[3], xipos[4], xipos[5]));
        Expect("xquat[root]", (1.0, 0.0, 0.0, 0.0), (xquat[4], xquat[5], xquat[6], xquat[7]));
        int rootSite = model.RequireId(MjObjectType.Site, "root_site");
        Expect("site_xpos[root_site]", (0.1, 0.2, RootHeight + 0.3), (site[3 * rootSite], site[(3 * rootSite) + 1], site[(3 * rootSite) + 2]));
        int worldSite = model.RequireId(MjObjectType.Site, "world_site");
        Expect("site_xpos[world_site]", (1.0, 2.0, 3.0), (site[3 * worldSite], site[(3 * worldSite) + 1], site[(3 * worldSite) + 2]));
        ReadOnlySpan<double> subtreeCom = DataDoubles(model, data, Field(fields, "subtree_com"));
        int last = model.BodyCount - 1;
        for (int k = 0; k < 3; k++)
        {
            // A leaf's subtree centre is its own centre of mass (m x / m: equal up to rounding).
            if (Math.Abs(subtreeCom[(3 * last) + k] - xipos[(3 * last) + k]) > 1e-12)
            {
                throw Failure($"subtree_com[last link][{k}] = {subtreeCom[(3 * last) + k]} differs from its xipos {xipos[(3 * last) + k]}");
            }
        }
        ReadOnlySpan<double> cinert = DataDoubles(model, data, Field(fields, "cinert"));
        Expect("cinert[root] mass entry", model.BodyMass[1], cinert[10 + 9]);
        ReadOnlySpan<double> cvel = DataDoubles(model, data, Field(fields, "cvel"));
        Expect("cvel[root] linear x (qvel of the free joint)", Speed, cvel[6 + 3]);
        Expect("contacts of the three links below the floor", 3, data.ContactCount);
        ReadOnlySpan<double> constraint = DataDoubles(model, data, Field(fields, "qfrc_constraint"));
        if (constraint[2] == 0)
        {
            throw Failure("qfrc_constraint of the free joint's z is 0 although three links rest on the floor");
        }

        data.RnePostConstraint();
        ReadOnlySpan<double> cacc = DataDoubles(model, data, Field(fields, "cacc"));
        Expect("cacc[world] (-gravity)", (-GravityVector[0], -GravityVector[1], -GravityVector[2]), (cacc[3], cacc[4], cacc[5]));
        ReadOnlySpan<double> external = DataDoubles(model, data, Field(fields, "cfrc_ext"));
        Expect("cfrc_ext[world]", 0.0, external[5]);
        if (external[(6 * last) + 5] == 0)
        {
            throw Failure("cfrc_ext[last link] z force is 0 although the link touches the floor");
        }

        ReadOnlySpan<double> interaction = DataDoubles(model, data, Field(fields, "cfrc_int"));
        if (interaction[6 + 5] == 0)
        {
            throw Failure("cfrc_int[root] is 0 although the chain hangs from it");
        }

        ReadOnlySpan<double> qacc = DataDoubles(model, data, Field(fields, "qacc"));
        if (!double.IsFinite(qacc[0]) || qacc[6] == 0)
        {
            throw Failure("qacc is not finite or zero at a driven joint");
        }

        data.Step();
        Expect("time after one mj_step", Timestep, data.Time);
        Expect("ctrl kept after mj_step", Control, ctrl[0]);
        Expect("act (na = 0)", 0, DataDoubles(model, data, Field(fields, "act")).Length);
    }

    private static MjArrayField Field(IReadOnlyList<MjArrayField> fields, string name)
        => fields.FirstOrDefault(f => f.Name == name) ?? throw Failure($"the layout table has no {name}");

    private static byte* Array(byte* structPointer, MjArrayField field) => *(byte**)(structPointer + field.Offset);

    private static ReadOnlySpan<double> Doubles(MuJoCoModel model, MjArrayField field)
        => new(Array(model.Pointer, field), field.Length(model.Rows(field.Rows)));

    private static ReadOnlySpan<int> Ints(MuJoCoModel model, MjArrayField field)
        => new(Array(model.Pointer, field), field.Length(model.Rows(field.Rows)));

    private static ReadOnlySpan<byte> Bytes(MuJoCoModel model, MjArrayField field)
        => new(Array(model.Pointer, field), field.Length(model.Rows(field.Rows)));

    private static Span<double> DataDoubles(MuJoCoModel model, MuJoCoData data, MjArrayField field)
        => new(Array(data.Pointer, field), field.Length(model.Rows(field.Rows)));

    private static void Expect<T>(string what, T expected, T found)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, found))
        {
            throw Failure($"{what}: expected {expected}, found {found}");
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static InvalidOperationException Failure(string what)
        => new($"the MuJoCo struct layout check failed ({MuJoCoLibrary.FileName}; the binding's offsets are for MuJoCo {MuJoCoLibrary.ExpectedVersion}): {what}.");
}
