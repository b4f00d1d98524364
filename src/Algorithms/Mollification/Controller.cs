namespace Kernel.Algorithms.Mollification;

/// <summary>
/// A deterministic, parameterised state-feedback controller u = mu(s; theta) with all parameters in one flat vector
/// theta (seed paper 002, section 4 "Policy parameterization": mu = mu(s; zeta)). It is the mean of the fixed-sigma
/// Gaussian policy of the mollified policy-gradient trainer and the point at which landscapes of J(theta)
/// are evaluated. Generic over the float type T (float or double); <see cref="Act"/> and
/// <see cref="AccumulateVectorJacobian"/> allocate nothing. Instances own scratch space: one thread at a time, and
/// <see cref="Clone"/> gives each worker its own copy.
/// </summary>
/// <typeparam name="T">The float type of the parameters, states and actions.</typeparam>
public abstract class Controller<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] parameters;

    /// <summary>Creates a controller with <paramref name="parameterCount"/> parameters, all zero.</summary>
    protected Controller(int stateDimension, int actionDimension, int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        StateDimension = stateDimension;
        ActionDimension = actionDimension;
        parameters = new T[parameterCount];
    }

    /// <summary>The number of state coordinates the controller reads.</summary>
    public int StateDimension { get; }

    /// <summary>The number of action coordinates the controller writes.</summary>
    public int ActionDimension { get; }

    /// <summary>The length of the flat parameter vector theta.</summary>
    public int ParameterCount => parameters.Length;

    /// <summary>The flat parameter vector theta, live: writing it changes the controller. The layout is the subclass's.</summary>
    public Span<T> Parameters => parameters;

    /// <summary>A short description of the form and the shape, e.g. "linear u = -K s, K 2x4".</summary>
    public abstract string Description { get; }

    /// <summary>Writes u = mu(s; theta) into <paramref name="action"/>. The output is not saturated (the env saturates).</summary>
    public void Act(ReadOnlySpan<T> state, Span<T> action)
    {
        CheckState(state);
        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"the action buffer has {action.Length} values; the controller writes {ActionDimension}.", nameof(action));
        }

        ActCore(state, action);
    }

    /// <summary>
    /// Adds the vector-Jacobian product J^T v to <paramref name="gradient"/>, where J = d mu(s; theta) / d theta at
    /// <paramref name="state"/> and v = <paramref name="actionCotangent"/> (one weight per action coordinate).
    /// </summary>
    public void AccumulateVectorJacobian(ReadOnlySpan<T> state, ReadOnlySpan<T> actionCotangent, Span<T> gradient)
    {
        CheckState(state);
        if (actionCotangent.Length != ActionDimension)
        {
            throw new ArgumentException($"the cotangent has {actionCotangent.Length} values; the controller writes {ActionDimension}.", nameof(actionCotangent));
        }

        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"the gradient has {gradient.Length} values; the controller has {ParameterCount} parameters.", nameof(gradient));
        }

        AccumulateVectorJacobianCore(state, actionCotangent, gradient);
    }

    /// <summary>Copies theta from <paramref name="source"/> (length <see cref="ParameterCount"/>).</summary>
    public void SetParameters(ReadOnlySpan<T> source)
    {
        if (source.Length != ParameterCount)
        {
            throw new ArgumentException($"{source.Length} values given; the controller has {ParameterCount} parameters.", nameof(source));
        }

        source.CopyTo(parameters);
    }

    /// <summary>An independent controller of the same form with a copy of theta (and its own scratch space).</summary>
    public Controller<T> Clone()
    {
        Controller<T> copy = CreateEmpty();
        copy.SetParameters(parameters);
        return copy;
    }

    /// <inheritdoc cref="Act"/>
    protected abstract void ActCore(ReadOnlySpan<T> state, Span<T> action);

    /// <inheritdoc cref="AccumulateVectorJacobian"/>
    protected abstract void AccumulateVectorJacobianCore(ReadOnlySpan<T> state, ReadOnlySpan<T> actionCotangent, Span<T> gradient);

    /// <summary>A controller of the same form and shape with theta = 0.</summary>
    protected abstract Controller<T> CreateEmpty();

    /// <summary>sum_i a_i b_i over a's length, summed in index order: a row of a row-major weight matrix times a vector.</summary>
    protected static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private void CheckState(ReadOnlySpan<T> state)
    {
        if (state.Length != StateDimension)
        {
            throw new ArgumentException($"the state has {state.Length} values; the controller reads {StateDimension}.", nameof(state));
        }
    }
}
