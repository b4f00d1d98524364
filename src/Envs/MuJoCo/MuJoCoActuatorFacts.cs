namespace Kernel.Envs.MuJoCo;

/// <summary>One actuator of a compiled model (joint motors: force = gear x clamp(ctrl, ctrlrange) when ctrl-limited). Thread-safety: immutable.</summary>
/// <param name="Id">The actuator id (its index in ctrl and in the action).</param>
/// <param name="Name">The actuator's name (null if unnamed).</param>
/// <param name="Joint">The driven joint's name (null if the transmission is not a joint).</param>
/// <param name="Gear">The first gear entry.</param>
/// <param name="CtrlLimited">Whether MuJoCo clamps ctrl to the range.</param>
/// <param name="CtrlLow">The control range's low end.</param>
/// <param name="CtrlHigh">The control range's high end.</param>
public sealed record MuJoCoActuatorFacts(int Id, string? Name, string? Joint, double Gear, bool CtrlLimited, double CtrlLow, double CtrlHigh);
