namespace Kernel.Algorithms.Mollification;

/// <summary>
/// The seed paper's two-layer network without biases (appendix F.1): u = W2 tanh(W1 s), W1 hidden x state,
/// W2 action x hidden (the paper's hopper uses 16 hidden units). theta is W1 row by row, then W2 row by row.
/// Thread-safety: see <see cref="Controller{T}"/> (the hidden activations are scratch).
/// </summary>
/// <typeparam name="T">The float type.</typeparam>
public sealed class TanhMlpController<T> : Controller<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] hidden;

    /// <summary>A network with all weights zero.</summary>
    public TanhMlpController(int stateDimension, int hiddenWidth, int actionDimension)
        : base(stateDimension, actionDimension, checked((hiddenWidth * stateDimension) + (actionDimension * hiddenWidth)))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenWidth, 1);
        HiddenWidth = hiddenWidth;
        hidden = new T[hiddenWidth];
    }

    /// <summary>The number of hidden tanh units.</summary>
    public int HiddenWidth { get; }

    /// <inheritdoc />
    public override string Description => $"tanh network u = W2 tanh(W1 s), {StateDimension}-{HiddenWidth}-{ActionDimension}, no biases";

    /// <summary>The index of W2[0, 0] in theta (W1 fills the indices before it).</summary>
    public int SecondLayerOffset => HiddenWidth * StateDimension;

    /// <inheritdoc />
    protected override void ActCore(ReadOnlySpan<T> state, Span<T> action)
    {
        ComputeHidden(state);
        ReadOnlySpan<T> w2 = Parameters[SecondLayerOffset..];
        for (int r = 0; r < ActionDimension; r++)
        {
            action[r] = Dot(w2.Slice(r * HiddenWidth, HiddenWidth), hidden);
        }
    }

    /// <inheritdoc />
    protected override void AccumulateVectorJacobianCore(ReadOnlySpan<T> state, ReadOnlySpan<T> actionCotangent, Span<T> gradient)
    {
        ComputeHidden(state);
        ReadOnlySpan<T> w2 = Parameters[SecondLayerOffset..];
        Span<T> gradW1 = gradient[..SecondLayerOffset];
        Span<T> gradW2 = gradient[SecondLayerOffset..];
        int states = StateDimension;
        for (int j = 0; j < HiddenWidth; j++)
        {
            // dL/dh_j = sum_r v_r W2[r, j]; dL/d(W1 s)_j = dL/dh_j (1 - h_j^2).
            T back = T.Zero;
            for (int r = 0; r < ActionDimension; r++)
            {
                T v = actionCotangent[r];
                gradW2[(r * HiddenWidth) + j] += v * hidden[j];
                back += v * w2[(r * HiddenWidth) + j];
            }

            T pre = back * (T.One - (hidden[j] * hidden[j]));
            Span<T> row = gradW1.Slice(j * states, states);
            for (int c = 0; c < states; c++)
            {
                row[c] += pre * state[c];
            }
        }
    }

    /// <inheritdoc />
    protected override Controller<T> CreateEmpty() => new TanhMlpController<T>(StateDimension, HiddenWidth, ActionDimension);

    private void ComputeHidden(ReadOnlySpan<T> state)
    {
        ReadOnlySpan<T> w1 = Parameters[..SecondLayerOffset];
        int states = StateDimension;
        for (int j = 0; j < HiddenWidth; j++)
        {
            hidden[j] = T.Tanh(Dot(w1.Slice(j * states, states), state));
        }
    }
}
