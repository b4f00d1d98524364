namespace Kernel.Algorithms.Training;

/// <summary>
/// The element type a run's networks, losses and gradients compute in. Spelt fp16, fp32 and fp64 in config.json and
/// on the command line (<see cref="Registry.Settings.NameOf"/>, the spelling of every enum setting).
/// </summary>
public enum NumericPrecision
{
    /// <summary>IEEE half precision (<see cref="Half"/>).</summary>
    Fp16,

    /// <summary>IEEE single precision (<see cref="float"/>).</summary>
    Fp32,

    /// <summary>IEEE double precision (<see cref="double"/>).</summary>
    Fp64,
}
