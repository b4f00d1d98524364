namespace Kernel.Envs.MuJoCo.Native;

/// <summary>Friction cone models (mjtCone, mjmodel.h 2.2.2).</summary>
public enum MjCone
{
    /// <summary>Pyramidal cone (MuJoCo's default).</summary>
    Pyramidal = 0,

    /// <summary>Elliptic cone.</summary>
    Elliptic = 1,
}
