namespace Kernel.Envs.MuJoCo.Native;

/// <summary>The model size that gives the row count of an mjModel or mjData array (the "(nbody x 3)" of the headers).</summary>
internal enum MjCount
{
    /// <summary>nq, position coordinates.</summary>
    Nq,

    /// <summary>nv, degrees of freedom.</summary>
    Nv,

    /// <summary>nu, actuators.</summary>
    Nu,

    /// <summary>na, activation states.</summary>
    Na,

    /// <summary>nbody, bodies including the world.</summary>
    NBody,

    /// <summary>njnt, joints.</summary>
    NJnt,

    /// <summary>ngeom, geoms.</summary>
    NGeom,

    /// <summary>nsite, sites.</summary>
    NSite,
}
