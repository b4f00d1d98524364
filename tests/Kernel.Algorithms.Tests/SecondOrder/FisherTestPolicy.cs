using Kernel.Algorithms.Distributions;
using Kernel.Algorithms.Nn;
using Kernel.Algorithms.PolicyGradient;
using Kernel.Algorithms.SecondOrder;
using Kernel.Envs;

namespace Kernel.Algorithms.Tests.SecondOrder;

/// <summary>
/// A small random policy (MLP + Gaussian or categorical head) on an fp64 tape with a batch whose old policy is the
/// current one (theta = theta_old), and the explicit Fisher matrix (1/B) sum_s J_s^T M_s J_s built from reverse-mode
/// Jacobian rows and this file's own formulas for M.
/// </summary>
internal sealed class FisherTestPolicy
{
    public FisherTestPolicy(int observationSize, int[] hidden, int actions, bool categorical, int batch, Activation activation, int seed, GaussianOptions? options = null)
    {
        var random = new KernelRandom((ulong)seed);
        Tape = new Tape<double>();
        IPolicyHead<double> head = categorical
            ? new CategoricalPolicyHead<double>(Tape, new DiscreteSpace(actions))
            : new GaussianPolicyHead<double>(Tape, Box(actions), options ?? new GaussianOptions(), initialStd: 0.3 + random.NextDouble());
        // Orthogonal init scales the policy output by 0.01; PyTorch's default keeps the outputs (and the test) lively.
        Network = new Mlp<double>(Tape, [observationSize, .. hidden, head.NetworkOutputs], activation, MlpInit.TorchDefault, random, "policy");
        Categorical = categorical;
        Batch = batch;
        Observations = new double[batch * observationSize];
        for (int i = 0; i < Observations.Length; i++)
        {
            Observations[i] = (2 * random.NextDouble()) - 1;
        }

        Policy = new FisherPolicy<double>(Tape, Network, head);
        var envActions = new double[batch * (categorical ? 1 : actions)];
        var stored = new double[batch * head.StoredActionSize];
        var logProbs = new double[batch];
        var old = new double[batch * head.OldPolicySize];
        Tape.Reset();
        using (Tape.NoGrad())
        {
            head.Act(Network.Forward(Tape.Constant(Shape.Matrix(batch, observationSize), Observations)), random, envActions, stored, logProbs, old);
        }

        Stored = stored;
        Old = old;
        Policy.SetBatch(Observations, stored, old);
        Dimension = ParameterVector.Length(Policy.Parameters);
    }

    public Tape<double> Tape { get; }

    public Mlp<double> Network { get; }

    public FisherPolicy<double> Policy { get; }

    public bool Categorical { get; }

    public int Batch { get; }

    public double[] Observations { get; }

    public int Dimension { get; }

    /// <summary>The sampled actions as the head stores them.</summary>
    public double[] Stored { get; }

    /// <summary>The old policy per state (the current one at construction).</summary>
    public double[] Old { get; }

    /// <summary>Sets the policy's batch again, keeping every <paramref name="stride"/>-th state.</summary>
    public void ResetBatch(int stride) => Policy.SetBatch(Observations, Stored, Old, stride);

    public double[] RandomVector(int seed)
    {
        var random = new KernelRandom((ulong)seed + 17);
        var v = new double[Dimension];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (2 * random.NextDouble()) - 1;
        }

        return v;
    }

    /// <summary>The dense Fisher matrix [Dimension x Dimension], row-major, over the policy's current batch.</summary>
    public double[] ExplicitFisher()
    {
        int n = Dimension;
        var fisher = new double[n * n];
        Tape.Reset();
        PolicyEvaluation<double> evaluation = Policy.Evaluate();
        Tensor<double> coordinates = Policy.Head.FisherCoordinates(evaluation);
        int rows = coordinates.Rows;
        int columns = coordinates.Columns;
        double[] coordinateValues = coordinates.ToArray();
        var jacobian = new double[rows * columns * n];
        var inputs = Policy.Parameters.Select(p => p.Tensor).ToArray();
        var gradients = new Tensor<double>[inputs.Length];
        var seed = new double[rows * columns];
        for (int k = 0; k < rows * columns; k++)
        {
            Array.Clear(seed);
            seed[k] = 1;
            Tape.Gradients(coordinates, Tape.Constant(coordinates.Shape, seed), inputs, gradients);
            int offset = 0;
            foreach (Tensor<double> gradient in gradients)
            {
                gradient.Values.CopyTo(jacobian.AsSpan((k * n) + offset, gradient.Length));
                offset += gradient.Length;
            }
        }

        for (int s = 0; s < rows; s++)
        {
            double[,] metric = Metric(coordinateValues.AsSpan(s * columns, columns));
            for (int a = 0; a < columns; a++)
            {
                for (int b = 0; b < columns; b++)
                {
                    double m = metric[a, b] / rows;
                    if (m == 0)
                    {
                        continue;
                    }

                    ReadOnlySpan<double> ja = jacobian.AsSpan(((s * columns) + a) * n, n);
                    ReadOnlySpan<double> jb = jacobian.AsSpan(((s * columns) + b) * n, n);
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            fisher[(i * n) + j] += ja[i] * m * jb[j];
                        }
                    }
                }
            }
        }

        return fisher;
    }

    /// <summary>M at one state: diag(1/sigma^2, 2) over (mean, log sigma) for a Gaussian; diag(p) - p p^T over logits.</summary>
    private double[,] Metric(ReadOnlySpan<double> coordinates)
    {
        int c = coordinates.Length;
        var metric = new double[c, c];
        if (Categorical)
        {
            double max = coordinates.ToArray().Max();
            double[] p = coordinates.ToArray().Select(z => Math.Exp(z - max)).ToArray();
            double total = p.Sum();
            for (int a = 0; a < c; a++)
            {
                p[a] /= total;
            }

            for (int a = 0; a < c; a++)
            {
                for (int b = 0; b < c; b++)
                {
                    metric[a, b] = (a == b ? p[a] : 0) - (p[a] * p[b]);
                }
            }
        }
        else
        {
            int m = c / 2;
            for (int j = 0; j < m; j++)
            {
                double sigma = Math.Exp(coordinates[m + j]);
                metric[j, j] = 1 / (sigma * sigma);
                metric[m + j, m + j] = 2;
            }
        }

        return metric;
    }

    public static double[] Multiply(double[] matrix, double[] vector)
    {
        int n = vector.Length;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += matrix[(i * n) + j] * vector[j];
            }

            result[i] = sum;
        }

        return result;
    }

    private static BoxSpace Box(int actions)
    {
        var low = new double[actions];
        var high = new double[actions];
        Array.Fill(low, -2.0);
        Array.Fill(high, 2.0);
        return new BoxSpace(low, high);
    }
}
