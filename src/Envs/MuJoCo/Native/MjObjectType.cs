namespace Kernel.Envs.MuJoCo.Native;

/// <summary>MuJoCo object kinds for name lookups (the subset of mjtObj the tasks use; values as in mjmodel.h 2.2.2).</summary>
public enum MjObjectType
{
    /// <summary>mjOBJ_BODY.</summary>
    Body = 1,

    /// <summary>mjOBJ_JOINT.</summary>
    Joint = 3,

    /// <summary>mjOBJ_GEOM.</summary>
    Geom = 5,

    /// <summary>mjOBJ_SITE.</summary>
    Site = 6,

    /// <summary>mjOBJ_TENDON.</summary>
    Tendon = 17,

    /// <summary>mjOBJ_ACTUATOR.</summary>
    Actuator = 18,
}
