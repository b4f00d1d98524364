using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Checking;

/// <summary>
/// The built-in gradient-check battery: every op on the tape, and the composites the algorithms are made of
/// (an MLP, a diagonal-Gaussian log-prob, the PPO clipped loss). Inputs are drawn inside each op's domain and
/// away from its kinks (ReLU at 0, clamp bounds, ties of max/min, PPO's clip edges), where finite differences
/// would be meaningless. <c>kernel gradcheck</c> runs it; so do the tests.
/// </summary>
public sealed class GradCheckBattery : IDifferentiableFunction
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly Func<Random, double[][]> sample;

    private GradCheckBattery(string name, Shape[] shapes, Func<Random, double[][]> sample)
    {
        Name = name;
        InputShapes = shapes;
        this.sample = sample;
    }

    /// <summary>Every case of the battery.</summary>
    public static IReadOnlyList<GradCheckBattery> Cases { get; } = BuildCases();

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>Draws a point inside the case's domain.</summary>
    public double[][] Sample(Random random) => sample(random);

    /// <summary>Runs gradient, JVP and HVP checks of every case in precision T.</summary>
    public static IReadOnlyList<GradCheckResult> Run<T>(int seed = 7, GradCheckOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Run<T>(Cases, seed, options);

    /// <summary>Runs gradient, JVP and HVP checks of the given cases in precision T.</summary>
    /// <param name="cases">The cases.</param>
    /// <param name="seed">Seed of the sampled points.</param>
    /// <param name="options">Tolerances and steps (defaults fit T).</param>
    /// <param name="backend">Where the analytic tapes run (null: the host); finite differences always run on the host in fp64.</param>
    public static IReadOnlyList<GradCheckResult> Run<T>(IEnumerable<GradCheckBattery> cases, int seed = 7, GradCheckOptions? options = null, ComputeBackend<T>? backend = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var results = new List<GradCheckResult>();
        foreach (GradCheckBattery function in cases)
        {
            double[][] point = function.Sample(new Random(seed));
            results.Add(GradCheck.Gradient(function, point, options, backend));
            results.Add(GradCheck.Jvp(function, point, options, backend));
            results.Add(GradCheck.Hvp(function, point, options, backend));
        }

        return results;
    }

    /// <inheritdoc />
    public Tensor<T> Evaluate<T>(Tape<T> tape, ReadOnlySpan<Tensor<T>> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T C(double value) => T.CreateTruncating(value);
        return Name switch
        {
            "neg" => inputs[0].Negate(),
            "add_scalar" => inputs[0].AddScalar(C(0.75)),
            "mul_scalar" => inputs[0].MultiplyScalar(C(-1.5)),
            "exp" => inputs[0].Exp(),
            "log" => inputs[0].Log(),
            "tanh" => inputs[0].Tanh(),
            "sigmoid" => inputs[0].Sigmoid(),
            "softplus" => inputs[0].Softplus(),
            "relu" => inputs[0].Relu(),
            "silu" => inputs[0].Silu(),
            "square" => inputs[0].Square(),
            "sqrt" => inputs[0].Sqrt(),
            "pow" => inputs[0].Pow(C(2.5)),
            "clamp" => inputs[0].Clamp(C(-0.5), C(0.5)),
            "add" => inputs[0].Add(inputs[1]),
            "sub" => inputs[0].Subtract(inputs[1]),
            "mul" => inputs[0].Multiply(inputs[1]),
            "div" => inputs[0].Divide(inputs[1]),
            "fma" => inputs[0].FusedMultiplyAdd(inputs[1], inputs[2]),
            "max" => inputs[0].Maximum(inputs[1]),
            "min" => inputs[0].Minimum(inputs[1]),
            "where" => inputs[0].GreaterMask(tape.Zeros(inputs[0].Shape)).Where(inputs[1], inputs[2]),
            "sum" => inputs[0].Sum(),
            "mean" => inputs[0].Mean(),
            "sum_axis0" => inputs[0].Sum(axis: 0),
            "sum_axis1" => inputs[0].Sum(axis: 1),
            "mean_axis0" => inputs[0].Mean(axis: 0),
            "mean_axis1" => inputs[0].Mean(axis: 1),
            "max_all" => inputs[0].Max(),
            "min_all" => inputs[0].Min(),
            "dot" => inputs[0].Dot(inputs[1]),
            "sum_of_squares" => inputs[0].SumOfSquares(),
            "logsumexp" => inputs[0].LogSumExp(),
            "logsumexp_axis1" => inputs[0].LogSumExp(axis: 1),
            "log_softmax" => inputs[0].LogSoftmax(),
            "matmul" => inputs[0].MatMul(inputs[1]),
            "matmul_at" => inputs[0].MatMul(inputs[1], transposeA: true),
            "matmul_bt" => inputs[0].MatMul(inputs[1], transposeB: true),
            "matmul_at_bt" => inputs[0].MatMul(inputs[1], transposeA: true, transposeB: true),
            "add_row" => inputs[0].AddRow(inputs[1]),
            "mul_row" => inputs[0].MultiplyRow(inputs[1]),
            "broadcast_row" => inputs[0].BroadcastRow(3),
            "broadcast_column" => inputs[0].BroadcastColumn(4),
            "broadcast_scalar" => inputs[0].BroadcastScalar(Shape.Matrix(2, 3)),
            "reshape" => inputs[0].Reshape(Shape.Matrix(4, 3)).Square(),
            "slice" => inputs[0].SliceColumns(1, 2).Square(),
            "concat" => inputs[0].ConcatColumns(inputs[1]).Square(),
            "matvec" => inputs[0].MatMul(inputs[1]),
            "vecmat" => inputs[1].MatMul(inputs[0]),
            "clamp_tensor" => inputs[0].Clamp(inputs[1], inputs[2]),
            "max_axis0" => inputs[0].Max(axis: 0).Square(),
            "max_axis1" => inputs[0].Max(axis: 1).Square(),
            "min_axis1" => inputs[0].Min(axis: 1).Square(),
            "index_select" => inputs[0].IndexSelect(0, [2, 0, 2]).Square(),
            "gather" => inputs[0].Gather(1, tape.Indices(Shape.Matrix(3, 2), [3, 0, 1, 1, 0, 2])).Square(),
            "scatter_add" => inputs[0].ScatterAdd(1, tape.Indices(Shape.Matrix(3, 2), [3, 0, 1, 1, 0, 2]), Matrix34).Square(),
            "stack" => ShapeOps.Stack([inputs[0], inputs[1], inputs[0]], axis: 1).Square(),
            "mlp_tanh" => Mlp(inputs, static h => h.Tanh()),
            "mlp_relu" => Mlp(inputs, static h => h.Relu()),
            "mlp_silu" => Mlp(inputs, static h => h.Silu()),
            "gaussian_log_prob" => GaussianLogProb(inputs[0], inputs[1], inputs[2]),
            "ppo_clip_loss" => PpoClipLoss(tape, inputs[0], inputs[1], inputs[2]),
            _ => throw new InvalidOperationException($"No evaluation for battery case '{Name}'."),
        };
    }

    /// <summary>log N(a | mu, diag(sigma^2)) per row, in log space: -1/2 sum z^2 - sum log sigma - (m/2) log 2 pi.</summary>
    internal static Tensor<T> GaussianLogProb<T>(Tensor<T> mean, Tensor<T> logStd, Tensor<T> action)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = mean.Rows;
        int dimensions = mean.Columns;
        Tensor<T> z = action.Subtract(mean).MultiplyRow(logStd.Negate().Exp());
        Tensor<T> quadratic = z.Square().Sum(axis: 1).MultiplyScalar(T.CreateTruncating(-0.5));
        Tensor<T> normaliser = logStd.Sum().BroadcastScalar(Shape.Vector(rows));
        return quadratic.Subtract(normaliser).AddScalar(T.CreateTruncating(-0.5 * dimensions * LogTwoPi), "logp");
    }

    private static Tensor<T> Mlp<T>(ReadOnlySpan<Tensor<T>> x, Func<Tensor<T>, Tensor<T>> activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> hidden = activation(x[0].MatMul(x[1], transposeB: true).AddRow(x[2]));
        return hidden.MatMul(x[3], transposeB: true).AddRow(x[4]);
    }

    /// <summary>
    /// PPO's clipped surrogate (000 eq 11) with eps = 0.2: -mean(min(r A, clip(r, 1 - eps, 1 + eps) A)), r = exp(logp - logp_old).
    /// Actions and advantages are fixed; logp_old is an input so finite differences treat it as data.
    /// </summary>
    private static Tensor<T> PpoClipLoss<T>(Tape<T> tape, Tensor<T> mean, Tensor<T> logStd, Tensor<T> logpOld)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> actions = tape.Constant(mean.Shape, Narrow<T>(PpoActions), "actions");
        Tensor<T> advantages = tape.Constant(logpOld.Shape, Narrow<T>(PpoAdvantages), "advantages");
        Tensor<T> logp = GaussianLogProb(mean, logStd, actions);
        Tensor<T> ratio = logp.Subtract(logpOld).Exp("ratio");
        Tensor<T> unclipped = ratio.Multiply(advantages);
        Tensor<T> clipped = ratio.Clamp(T.CreateTruncating(0.8), T.CreateTruncating(1.2)).Multiply(advantages);
        return unclipped.Minimum(clipped).Mean().Negate("ppo_loss");
    }

    private static readonly Shape Matrix34 = Shape.Matrix(3, 4);

    private static readonly double[] PpoActions = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, -0.1, 0.6, -0.3, 0.0, 0.25, -0.5];
    private static readonly double[] PpoAdvantages = [1.0, -0.7, 0.4, -1.3];

    /// <summary>Log-ratios at the sampled point: inside the clip range (+-0.05) and well outside it (+-0.5).</summary>
    private static readonly double[] PpoLogRatios = [0.05, -0.5, 0.5, -0.05];

    private static T[] Narrow<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Array.ConvertAll(values, T.CreateTruncating);

    private static List<GradCheckBattery> BuildCases()
    {
        Shape m34 = Shape.Matrix(3, 4);
        var cases = new List<GradCheckBattery>();
        void Add(string name, Shape[] shapes, Func<Random, double[][]> sampler) => cases.Add(new GradCheckBattery(name, shapes, sampler));
        void Unary(string name, double low, double high) => Add(name, [m34], r => [Uniform(r, 12, low, high)]);

        Unary("neg", -2, 2);
        Unary("add_scalar", -2, 2);
        Unary("mul_scalar", -2, 2);
        Unary("exp", -2, 2);
        Unary("log", 0.2, 3);
        Unary("tanh", -2, 2);
        Unary("sigmoid", -4, 4);
        Unary("softplus", -4, 4);
        Add("relu", [m34], r => [AwayFrom(r, 12, -2, 2, [0], 0.1)]);
        Unary("silu", -3, 3);
        Unary("square", -2, 2);
        Unary("sqrt", 0.2, 3);
        Unary("pow", 0.2, 2);
        Add("clamp", [m34], r => [AwayFrom(r, 12, -1, 1, [-0.5, 0.5], 0.05)]);
        Add("add", [m34, m34], r => [Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Add("sub", [m34, m34], r => [Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Add("mul", [m34, m34], r => [Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Add("div", [m34, m34], r => [Uniform(r, 12, -2, 2), AwayFrom(r, 12, -2, 2, [0], 0.5)]);
        Add("fma", [m34, m34, m34], r => [Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Add("max", [m34, m34], r => Separated(r, 12));
        Add("min", [m34, m34], r => Separated(r, 12));
        Add("where", [m34, m34, m34], r => [AwayFrom(r, 12, -1, 1, [0], 0.1), Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Unary("sum", -2, 2);
        Unary("mean", -2, 2);
        Unary("sum_axis0", -2, 2);
        Unary("sum_axis1", -2, 2);
        Unary("mean_axis0", -2, 2);
        Unary("mean_axis1", -2, 2);
        Add("max_all", [m34], r => [Distinct(r, 12)]);
        Add("min_all", [m34], r => [Distinct(r, 12)]);
        Add("dot", [m34, m34], r => [Uniform(r, 12, -2, 2), Uniform(r, 12, -2, 2)]);
        Unary("sum_of_squares", -2, 2);
        Unary("logsumexp", -3, 3);
        Unary("logsumexp_axis1", -3, 3);
        Unary("log_softmax", -3, 3);
        Add("matmul", [m34, Shape.Matrix(4, 5)], r => [Uniform(r, 12, -1, 1), Uniform(r, 20, -1, 1)]);
        Add("matmul_at", [Shape.Matrix(4, 3), Shape.Matrix(4, 5)], r => [Uniform(r, 12, -1, 1), Uniform(r, 20, -1, 1)]);
        Add("matmul_bt", [m34, Shape.Matrix(5, 4)], r => [Uniform(r, 12, -1, 1), Uniform(r, 20, -1, 1)]);
        Add("matmul_at_bt", [Shape.Matrix(4, 3), Shape.Matrix(5, 4)], r => [Uniform(r, 12, -1, 1), Uniform(r, 20, -1, 1)]);
        Add("add_row", [m34, Shape.Vector(4)], r => [Uniform(r, 12, -2, 2), Uniform(r, 4, -2, 2)]);
        Add("mul_row", [m34, Shape.Vector(4)], r => [Uniform(r, 12, -2, 2), Uniform(r, 4, -2, 2)]);
        Add("broadcast_row", [Shape.Vector(4)], r => [Uniform(r, 4, -2, 2)]);
        Add("broadcast_column", [Shape.Vector(3)], r => [Uniform(r, 3, -2, 2)]);
        Add("broadcast_scalar", [Shape.Scalar], r => [Uniform(r, 1, -2, 2)]);
        Unary("reshape", -2, 2);
        Unary("slice", -2, 2);
        Add("concat", [m34, Shape.Matrix(3, 2)], r => [Uniform(r, 12, -2, 2), Uniform(r, 6, -2, 2)]);
        Add("matvec", [m34, Shape.Vector(4)], r => [Uniform(r, 12, -1, 1), Uniform(r, 4, -1, 1)]);
        Add("vecmat", [m34, Shape.Vector(3)], r => [Uniform(r, 12, -1, 1), Uniform(r, 3, -1, 1)]);
        Add("clamp_tensor", [m34, m34, m34], ClampTensorSample);
        Add("max_axis0", [m34], r => [Distinct(r, 12)]);
        Add("max_axis1", [m34], r => [Distinct(r, 12)]);
        Add("min_axis1", [m34], r => [Distinct(r, 12)]);
        Unary("index_select", -2, 2);
        Unary("gather", -2, 2);
        Add("scatter_add", [Shape.Matrix(3, 2)], r => [Uniform(r, 6, -2, 2)]);
        Add("stack", [Shape.Vector(4), Shape.Vector(4)], r => [Uniform(r, 4, -2, 2), Uniform(r, 4, -2, 2)]);

        Shape[] mlp = [Shape.Matrix(4, 5), Shape.Matrix(8, 5), Shape.Vector(8), Shape.Matrix(3, 8), Shape.Vector(3)];
        double[][] MlpSample(Random r) => [Uniform(r, 20, -1, 1), Uniform(r, 40, -0.6, 0.6), Uniform(r, 8, -0.3, 0.3), Uniform(r, 24, -0.5, 0.5), Uniform(r, 3, -0.1, 0.1)];
        Add("mlp_tanh", mlp, MlpSample);
        Add("mlp_silu", mlp, MlpSample);
        Add("mlp_relu", mlp, r => ReluMlpSample(r, MlpSample));
        Add("gaussian_log_prob", [Shape.Matrix(4, 3), Shape.Vector(3), Shape.Matrix(4, 3)], r => [Uniform(r, 12, -1, 1), Uniform(r, 3, -1, 0.5), Uniform(r, 12, -1.5, 1.5)]);
        Add("ppo_clip_loss", [Shape.Matrix(4, 3), Shape.Vector(3), Shape.Vector(4)], PpoSample);
        return cases;
    }

    private static double[] Uniform(Random random, int length, double low, double high)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    /// <summary>Uniform values at least <paramref name="margin"/> from every kink.</summary>
    private static double[] AwayFrom(Random random, int length, double low, double high, double[] kinks, double margin)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double value;
            do
            {
                value = low + ((high - low) * random.NextDouble());
            }
            while (Array.Exists(kinks, kink => Math.Abs(value - kink) < margin));

            values[i] = value;
        }

        return values;
    }

    /// <summary>x with bounds 0.1 or more away from it: inside (min &lt; x &lt; max), below min or above max, by turns.</summary>
    private static double[][] ClampTensorSample(Random random)
    {
        double[] x = Uniform(random, 12, -1, 1);
        double[] min = new double[12];
        double[] max = new double[12];
        for (int i = 0; i < 12; i++)
        {
            double near = 0.1 + random.NextDouble();
            double far = near + 0.1 + random.NextDouble();
            (min[i], max[i]) = (i % 3) switch
            {
                0 => (x[i] - near, x[i] + near),
                1 => (x[i] + near, x[i] + far),
                _ => (x[i] - far, x[i] - near),
            };
        }

        return [x, min, max];
    }

    /// <summary>Two inputs that differ by at least 0.1 everywhere, so max/min never tie.</summary>
    private static double[][] Separated(Random random, int length)
    {
        double[] first = Uniform(random, length, -2, 2);
        double[] second = new double[length];
        for (int i = 0; i < length; i++)
        {
            double gap = 0.1 + random.NextDouble();
            second[i] = first[i] + (random.Next(2) == 0 ? gap : -gap);
        }

        return [first, second];
    }

    /// <summary>Values spaced at least 0.05 apart, so the extremum is unique.</summary>
    private static double[] Distinct(Random random, int length)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = -2 + (0.3 * i) + (0.1 * random.NextDouble());
        }

        random.Shuffle(values);
        return values;
    }

    /// <summary>An MLP point whose hidden pre-activations stay at least 0.05 from ReLU's kink.</summary>
    private static double[][] ReluMlpSample(Random random, Func<Random, double[][]> sampler)
    {
        while (true)
        {
            double[][] point = sampler(random);
            bool clear = true;
            for (int row = 0; row < 4 && clear; row++)
            {
                for (int unit = 0; unit < 8 && clear; unit++)
                {
                    double preActivation = point[2][unit];
                    for (int feature = 0; feature < 5; feature++)
                    {
                        preActivation += point[0][(row * 5) + feature] * point[1][(unit * 5) + feature];
                    }

                    clear = Math.Abs(preActivation) >= 0.05;
                }
            }

            if (clear)
            {
                return point;
            }
        }
    }

    /// <summary>mean, log_std, and logp_old set so that each sample's log-ratio is one of <see cref="PpoLogRatios"/>.</summary>
    private static double[][] PpoSample(Random random)
    {
        double[] mean = Uniform(random, 12, -0.5, 0.5);
        double[] logStd = Uniform(random, 3, -1, 0);
        double[] logpOld = new double[4];
        for (int row = 0; row < 4; row++)
        {
            double logp = -1.5 * LogTwoPi;
            for (int j = 0; j < 3; j++)
            {
                double z = (PpoActions[(row * 3) + j] - mean[(row * 3) + j]) / Math.Exp(logStd[j]);
                logp -= (0.5 * z * z) + logStd[j];
            }

            logpOld[row] = logp - PpoLogRatios[row];
        }

        return [mean, logStd, logpOld];
    }
}
