using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.SecondOrder;

/// <summary>
/// (F + lambda I) v for the Fisher information F of a policy at its current parameters, averaged over the states of
/// its batch, computed two ways (<see cref="FisherProductMode"/>): the Hessian of the mean KL(pi_old || pi_theta)
/// by double backward, or Gauss-Newton J^T M J v by one forward-mode and one reverse-mode sweep. At theta = theta_old
/// both equal F; away from it only Gauss-Newton stays positive semi-definite. Each product records the policy's
/// forward pass afresh on the tape (resetting it), so nothing else may be live on that tape in between; after warm-up
/// a product allocates nothing. Thread-safety: one thread at a time (the tape's).
/// </summary>
/// <typeparam name="T">The precision of the tape.</typeparam>
public sealed class FisherVectorProduct<T> : ILinearOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FisherPolicy<T> policy;
    private readonly Tensor<T>[] inputs;
    private readonly Tensor<T>[] tangents;
    private readonly Tensor<T>[] results;
    private double damping;

    /// <summary>Products for <paramref name="policy"/>'s parameters, in <paramref name="mode"/>, with <paramref name="damping"/> lambda.</summary>
    public FisherVectorProduct(FisherPolicy<T> policy, FisherProductMode mode = FisherProductMode.GaussNewton, double damping = 0)
    {
        ArgumentNullException.ThrowIfNull(policy);
        this.policy = policy;
        Mode = mode;
        Damping = damping;
        IReadOnlyList<NamedParameter<T>> parameters = policy.Parameters;
        inputs = new Tensor<T>[parameters.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = parameters[i].Tensor;
        }

        tangents = new Tensor<T>[inputs.Length];
        results = new Tensor<T>[inputs.Length];
        Dimension = ParameterVector.Length(parameters);
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>How the product is computed.</summary>
    public FisherProductMode Mode
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "mode must be gauss-newton or exact.");
    }

    /// <summary>lambda in (F + lambda I) v: finite and &gt;= 0 (004 Table 2's CG damping is 0.1).</summary>
    public double Damping
    {
        get => damping;
        set => damping = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "damping must be finite and >= 0.");
    }

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<T> vector, Span<T> result)
    {
        if (vector.Length != Dimension || result.Length != Dimension)
        {
            throw new ArgumentException($"vector ({vector.Length}) and result ({result.Length}) must both have the parameters' {Dimension} elements.", nameof(vector));
        }

        Tape<T> tape = policy.Tape;
        tape.Reset();
        PolicyEvaluation<T> evaluation = policy.Evaluate();
        SetTangents(tape, vector);
        if (Mode == FisherProductMode.Exact)
        {
            ExactProduct(tape, evaluation);
        }
        else
        {
            GaussNewtonProduct(tape, evaluation);
        }

        int offset = 0;
        for (int i = 0; i < results.Length; i++)
        {
            ReadOnlySpan<T> values = results[i].Values;
            values.CopyTo(result.Slice(offset, values.Length));
            offset += values.Length;
        }

        if (damping != 0)
        {
            Elementwise.MultiplyScalarAdd(vector, T.CreateChecked(damping), result, result);
        }
    }

    /// <summary>grad((grad mean KL) . v): the KL's Hessian times v.</summary>
    private void ExactProduct(Tape<T> tape, in PolicyEvaluation<T> evaluation)
    {
        Tensor<T> meanKl = policy.Kl(evaluation).Mean("kl_mean");
        tape.Gradients(meanKl, inputs, results, createGraph: true);
        Tensor<T> directional = results[0].Dot(tangents[0]);
        for (int i = 1; i < inputs.Length; i++)
        {
            directional = directional.Add(results[i].Dot(tangents[i]));
        }

        tape.Gradients(directional, inputs, results);
    }

    /// <summary>J^T (M / B) (J v): forward mode for J v, the analytic Fisher M per state, reverse mode for J^T.</summary>
    private void GaussNewtonProduct(Tape<T> tape, in PolicyEvaluation<T> evaluation)
    {
        IPolicyHead<T> head = policy.Head;
        Tensor<T> coordinates = head.FisherCoordinates(evaluation);
        Tensor<T> jv = tape.Jvp(coordinates, inputs, tangents);
        Tensor<T> weighted;
        using (tape.NoGrad())
        {
            weighted = head.ApplyFisherMetric(evaluation, jv).MultiplyScalar(T.CreateChecked(1.0 / coordinates.Rows));
        }

        tape.Gradients(coordinates, weighted, inputs, results);
    }

    private void SetTangents(Tape<T> tape, ReadOnlySpan<T> vector)
    {
        int offset = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            Shape shape = inputs[i].Shape;
            tangents[i] = tape.Constant(shape, vector.Slice(offset, shape.Length));
            offset += shape.Length;
        }
    }
}
