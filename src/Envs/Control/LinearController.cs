namespace Kernel.Envs.Control;

/// <summary>
/// A linear state-feedback policy u = sign * K s + b with the sign explicit: the constructor gives the paper's
/// u = -K s + b (section 6), <see cref="PositiveFeedback"/> gives u = +K s + b. Rows of K are action
/// coordinates, columns state coordinates. The output is not saturated: the env saturates. Immutable; thread-safe.
/// </summary>
public sealed class LinearController
{
    private readonly double[,] gain;
    private readonly double[] bias;

    /// <summary>The policy u = -K s + b (b = 0 when <paramref name="bias"/> is null).</summary>
    public LinearController(double[,] gain, double[]? bias = null)
        : this(gain, bias, -1.0)
    {
    }

    private LinearController(double[,] gain, double[]? bias, double sign)
    {
        ArgumentNullException.ThrowIfNull(gain);
        int rows = gain.GetLength(0);
        int columns = gain.GetLength(1);
        if (rows < 1 || columns < 1)
        {
            throw new ArgumentException($"the gain is {rows}x{columns}; it needs at least one row and one column.", nameof(gain));
        }

        if (bias is not null && bias.Length != rows)
        {
            throw new ArgumentException($"the gain has {rows} rows (action coordinates) but the bias has {bias.Length} values.", nameof(bias));
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (!double.IsFinite(gain[r, c]))
                {
                    throw new ArgumentException($"gain[{r}, {c}] = {gain[r, c]} is not finite.", nameof(gain));
                }
            }

            if (bias is not null && !double.IsFinite(bias[r]))
            {
                throw new ArgumentException($"bias[{r}] = {bias[r]} is not finite.", nameof(bias));
            }
        }

        this.gain = (double[,])gain.Clone();
        this.bias = bias is null ? new double[rows] : (double[])bias.Clone();
        FeedbackSign = sign;
    }

    /// <summary>The policy u = +K s + b (b = 0 when <paramref name="bias"/> is null).</summary>
    public static LinearController PositiveFeedback(double[,] gain, double[]? bias = null) => new(gain, bias, 1.0);

    /// <summary>-1 for u = -K s + b, +1 for u = +K s + b.</summary>
    public double FeedbackSign { get; }

    /// <summary>The number of action coordinates (rows of K).</summary>
    public int ActionDimension => gain.GetLength(0);

    /// <summary>The number of state coordinates (columns of K).</summary>
    public int StateDimension => gain.GetLength(1);

    /// <summary>A copy of K.</summary>
    public double[,] Gain => (double[,])gain.Clone();

    /// <summary>A copy of b.</summary>
    public double[] Bias => (double[])bias.Clone();

    /// <summary>Writes u = sign * K s + b into <paramref name="action"/>.</summary>
    public void Act(ReadOnlySpan<double> state, Span<double> action)
    {
        if (state.Length != StateDimension)
        {
            throw new ArgumentException($"the state has {state.Length} values; the gain has {StateDimension} columns.", nameof(state));
        }

        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"the action buffer has {action.Length} values; the gain has {ActionDimension} rows.", nameof(action));
        }

        for (int r = 0; r < ActionDimension; r++)
        {
            double sum = 0;
            for (int c = 0; c < StateDimension; c++)
            {
                sum += gain[r, c] * state[c];
            }

            action[r] = (FeedbackSign * sum) + bias[r];
        }
    }
}
