namespace Kernel.Envs.MuJoCo;

/// <summary>One body of a compiled model. Thread-safety: immutable.</summary>
/// <param name="Id">The body id (0 is the world).</param>
/// <param name="Name">The body's name (null if unnamed).</param>
/// <param name="Parent">The parent body's name (the world's parent is itself).</param>
/// <param name="Mass">body_mass in kg.</param>
public sealed record MuJoCoBodyFacts(int Id, string? Name, string? Parent, double Mass);
