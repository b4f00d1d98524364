namespace Kernel.Algorithms.Landscapes;

/// <summary>The arithmetic of a landscape's closed loop (controller, dynamics, reward); returns are summed in double.</summary>
public enum LandscapePrecision
{
    /// <summary>float: the controller and the env dynamics both run in float (needs a generic-T model).</summary>
    Fp32,

    /// <summary>double.</summary>
    Fp64,
}
