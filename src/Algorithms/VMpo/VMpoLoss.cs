using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Kernels.Cpu;

namespace Kernel.Algorithms.VMpo;

/// <summary>
/// V-MPO's policy-side losses on a minibatch (004 section 4.5, Algorithm 8; eqs 20-22), summed:
/// <list type="bullet">
/// <item>L_pi = -sum over D~ of psi(s,a) log pi(a|s), with D~ the half of the samples with the largest advantages and
/// psi = softmax(A / eta) over D~, a constant (sg);</item>
/// <item>L_eta = eta epsilon_eta + eta log(mean over D~ of exp(A / eta)), by a stable log-sum-exp;</item>
/// <item>L_nu = mean over D of nu (epsilon_nu - sg[KL]) + sg[nu] KL, decoupled for a Gaussian into the mean part
/// KL(N(mu_old, sigma_old) || N(mu, sigma_old)) with nu_mu and the std part KL(N(mu_old, sigma_old) || N(mu_old, sigma))
/// with nu_sigma (MPO's decoupling, which 004 names as V-MPO's practice); one KL with nu_mu for a categorical.</item>
/// </list>
/// Thread-safety: one thread at a time (the tape's); reuses its scratch arrays.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
public sealed class VMpoLoss<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly VMpoMultipliers<T> multipliers;
    private double[] weights = [];
    private double[] sortKeys = [];
    private int[] order = [];
    private T[] scratch = [];
    private T[] meanScratch = [];
    private T[] stdScratch = [];
    private int lastRows;

    /// <summary>Losses driven by <paramref name="multipliers"/>.</summary>
    public VMpoLoss(VMpoMultipliers<T> multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        this.multipliers = multipliers;
    }

    /// <summary>psi of the last <see cref="Compute"/> per sample (zero outside the top half): the weights of L_pi.</summary>
    public ReadOnlySpan<double> Weights => weights.AsSpan(0, lastRows);

    /// <summary>L_pi + L_eta + L_nu for one minibatch.</summary>
    /// <param name="head">The policy head (for the KL of a non-Gaussian policy).</param>
    /// <param name="current">The policy evaluated on the minibatch.</param>
    /// <param name="oldPolicy">The rollout policy per state [rows * OldPolicySize].</param>
    /// <param name="advantages">A per sample [rows] (V-MPO does not normalise them by default).</param>
    public Tensor<T> Compute(IPolicyHead<T> head, in PolicyEvaluation<T> current, ReadOnlySpan<double> oldPolicy, ReadOnlySpan<double> advantages)
    {
        ArgumentNullException.ThrowIfNull(head);
        int rows = current.LogProb.Length;
        if (advantages.Length != rows)
        {
            throw new ArgumentException($"advantages has {advantages.Length} values for {rows} samples.", nameof(advantages));
        }

        Tape<T> tape = current.LogProb.Tape;
        VMpoOptions options = multipliers.Options;
        int top = TopHalf(advantages);
        lastRows = rows;

        // psi over the top half with eta held fixed (sg), in fp64 so the weights are exact whatever the run's precision.
        double eta = multipliers.EtaValue;
        double maxScaled = double.NegativeInfinity;
        for (int k = 0; k < top; k++)
        {
            maxScaled = Math.Max(maxScaled, advantages[order[k]] / eta);
        }

        Span<double> psi = weights.AsSpan(0, rows);
        psi.Clear();
        double total = 0;
        for (int k = 0; k < top; k++)
        {
            int i = order[k];
            psi[i] = Math.Exp((advantages[i] / eta) - maxScaled);
            total += psi[i];
        }

        for (int k = 0; k < top; k++)
        {
            psi[order[k]] /= total;
        }

        Tensor<T> policyLoss = current.LogProb.Dot(Constant(tape, psi, "vmpo_psi")).Negate("vmpo_policy_loss");

        Span<double> topAdvantages = sortKeys.AsSpan(0, top);
        for (int k = 0; k < top; k++)
        {
            topAdvantages[k] = advantages[order[k]];
        }

        Tensor<T> etaTensor = multipliers.Eta.Tensor;
        Tensor<T> logMeanExp = Constant(tape, topAdvantages, "vmpo_top_advantage")
            .Divide(etaTensor.BroadcastScalar(Shape.Vector(top)))
            .LogSumExp()
            .AddScalar(T.CreateChecked(-Math.Log(top)));
        Tensor<T> temperatureLoss = etaTensor.Multiply(logMeanExp.AddScalar(T.CreateChecked(options.EpsilonEta)), "vmpo_temperature_loss");

        Tensor<T> trustRegionLoss;
        if (current.Gaussian.Mean.IsValid)
        {
            GaussianParameters<T> now = current.Gaussian;
            GaussianParameters<T> old = StoredGaussianPolicy.Read(tape, oldPolicy, rows, now.ActionDim, ref meanScratch, ref stdScratch);
            Tensor<T> meanKl = now.Mean.Subtract(old.Mean).Divide(old.Std).Square().Sum(axis: 1).MultiplyScalar(T.CreateChecked(0.5)).Mean("vmpo_kl_mean");
            Tensor<T> stdRatio = old.Std.Divide(now.Std);
            Tensor<T> stdKl = now.LogStd.Subtract(old.LogStd).Add(stdRatio.Square().MultiplyScalar(T.CreateChecked(0.5))).AddScalar(T.CreateChecked(-0.5))
                .Sum(axis: 1).Mean("vmpo_kl_std");
            trustRegionLoss = Lagrangian(tape, multipliers.NuMean.Tensor, meanKl, options.EpsilonNuMean)
                .Add(Lagrangian(tape, multipliers.NuStd.Tensor, stdKl, options.EpsilonNuStd), "vmpo_trust_region_loss");
        }
        else
        {
            trustRegionLoss = Lagrangian(tape, multipliers.NuMean.Tensor, head.Kl(current, oldPolicy).Mean("vmpo_kl"), options.EpsilonNuMean);
        }

        return policyLoss.Add(temperatureLoss).Add(trustRegionLoss, "policy_loss");
    }

    /// <summary>nu (epsilon - sg[KL]) + sg[nu] KL: nu learns to enforce KL &lt;= epsilon, the policy feels the penalty.</summary>
    private static Tensor<T> Lagrangian(Tape<T> tape, Tensor<T> nu, Tensor<T> kl, double epsilon)
        => nu.Multiply(tape.Detach(kl).Negate().AddScalar(T.CreateChecked(epsilon))).Add(tape.Detach(nu).Multiply(kl));

    /// <summary>Orders the samples by advantage (largest first) into <see cref="order"/>; returns ceil(rows / 2).</summary>
    private int TopHalf(ReadOnlySpan<double> advantages)
    {
        int rows = advantages.Length;
        if (order.Length < rows)
        {
            order = new int[rows];
            sortKeys = new double[rows];
            weights = new double[rows];
        }

        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
            sortKeys[i] = -advantages[i];
        }

        // Ties keep no particular order; the top half's weights depend only on the advantage values.
        Array.Sort(sortKeys, order, 0, rows);
        return (rows + 1) / 2;
    }

    private Tensor<T> Constant(Tape<T> tape, ReadOnlySpan<double> values, string label)
    {
        Span<T> converted = ScratchBuffer.Take(ref scratch, values.Length);
        Conversions.Narrow(values, converted);
        return tape.Constant(Shape.Vector(values.Length), converted, label);
    }
}
