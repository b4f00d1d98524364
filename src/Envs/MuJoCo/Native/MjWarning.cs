namespace Kernel.Envs.MuJoCo.Native;

/// <summary>Warning kinds counted in mjData.warning (mjtWarning, mjdata.h 2.2.2).</summary>
public enum MjWarning
{
    /// <summary>(Near) singular inertia matrix.</summary>
    Inertia = 0,

    /// <summary>Too many contacts in the contact list.</summary>
    ContactFull = 1,

    /// <summary>Too many constraints.</summary>
    ConstraintFull = 2,

    /// <summary>Too many visual geoms.</summary>
    VisualGeomFull = 3,

    /// <summary>A bad number in qpos (MuJoCo resets the data).</summary>
    BadQpos = 4,

    /// <summary>A bad number in qvel (MuJoCo resets the data).</summary>
    BadQvel = 5,

    /// <summary>A bad number in qacc (MuJoCo resets the data).</summary>
    BadQacc = 6,

    /// <summary>A bad number in ctrl.</summary>
    BadCtrl = 7,
}
