namespace Kernel.Algorithms.Mollification;

/// <summary>
/// The seed paper's linear controller (section 6): u = -K s, or u = -K s + b when <see cref="HasBias"/>. theta is K
/// row by row (rows = action coordinates, columns = state coordinates), then b when present. Thread-safety: see
/// <see cref="Controller{T}"/>.
/// </summary>
/// <typeparam name="T">The float type.</typeparam>
public sealed class LinearFeedbackController<T> : Controller<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A controller with K = 0 (and b = 0).</summary>
    public LinearFeedbackController(int stateDimension, int actionDimension, bool hasBias)
        : base(stateDimension, actionDimension, (actionDimension * stateDimension) + (hasBias ? actionDimension : 0))
    {
        HasBias = hasBias;
    }

    /// <summary>Whether u = -K s + b (true) or u = -K s (false).</summary>
    public bool HasBias { get; }

    /// <inheritdoc />
    public override string Description
        => $"{(HasBias ? "affine u = -K s + b" : "linear u = -K s")}, K {ActionDimension}x{StateDimension}";

    /// <summary>
    /// A controller with the given K (rows = actions, columns = states) and, when <paramref name="bias"/> is not null,
    /// the bias b; rounded to T.
    /// </summary>
    public static LinearFeedbackController<T> FromGain(double[,] gain, double[]? bias)
    {
        ArgumentNullException.ThrowIfNull(gain);
        int actions = gain.GetLength(0);
        int states = gain.GetLength(1);
        if (bias is not null && bias.Length != actions)
        {
            throw new ArgumentException($"the gain has {actions} rows but the bias has {bias.Length} values.", nameof(bias));
        }

        var controller = new LinearFeedbackController<T>(states, actions, bias is not null);
        Span<T> theta = controller.Parameters;
        for (int r = 0; r < actions; r++)
        {
            for (int c = 0; c < states; c++)
            {
                theta[(r * states) + c] = T.CreateChecked(gain[r, c]);
            }
        }

        if (bias is not null)
        {
            for (int r = 0; r < actions; r++)
            {
                theta[(actions * states) + r] = T.CreateChecked(bias[r]);
            }
        }

        return controller;
    }

    /// <inheritdoc />
    protected override void ActCore(ReadOnlySpan<T> state, Span<T> action)
    {
        ReadOnlySpan<T> theta = Parameters;
        int states = StateDimension;
        for (int r = 0; r < ActionDimension; r++)
        {
            T sum = Dot(theta.Slice(r * states, states), state);
            action[r] = HasBias ? theta[(ActionDimension * states) + r] - sum : -sum;
        }
    }

    /// <inheritdoc />
    protected override void AccumulateVectorJacobianCore(ReadOnlySpan<T> state, ReadOnlySpan<T> actionCotangent, Span<T> gradient)
    {
        // du_r / dK_rc = -s_c and du_r / db_r = 1.
        int states = StateDimension;
        for (int r = 0; r < ActionDimension; r++)
        {
            T v = actionCotangent[r];
            Span<T> row = gradient.Slice(r * states, states);
            for (int c = 0; c < states; c++)
            {
                row[c] -= v * state[c];
            }

            if (HasBias)
            {
                gradient[(ActionDimension * states) + r] += v;
            }
        }
    }

    /// <inheritdoc />
    protected override Controller<T> CreateEmpty() => new LinearFeedbackController<T>(StateDimension, ActionDimension, HasBias);
}
