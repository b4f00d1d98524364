namespace Kernel.Autodiff;

/// <summary>Which pass recorded an op: the forward computation, a backward sweep or a JVP sweep.</summary>
public enum TapePhase
{
    /// <summary>The user's forward computation.</summary>
    Forward,

    /// <summary>An op created by a backward rule during <see cref="Tape{T}.Backward(Tensor{T}, bool)"/> or a gradient call.</summary>
    Backward,

    /// <summary>An op created by a forward-mode (JVP) rule.</summary>
    ForwardMode,
}
