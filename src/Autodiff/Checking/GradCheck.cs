using Kernel.Autodiff.Storage;

namespace Kernel.Autodiff.Checking;

/// <summary>
/// Compares analytic derivatives from the tape (in any precision) with central finite differences computed in
/// fp64. A non-scalar output is projected onto fixed random weights first, so a gradient check covers a random
/// vector-Jacobian product; JVP checks compare the whole output tangent.
/// Thread-safety: stateless; each call uses its own tapes.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks reverse-mode gradients of every input.</summary>
    /// <param name="function">The function.</param>
    /// <param name="inputs">The point, one array per input.</param>
    /// <param name="options">Tolerances and steps (defaults fit T).</param>
    /// <param name="backend">Where the analytic side's tape runs (null: a new host backend); the finite differences always run on the host in fp64.</param>
    public static GradCheckResult Gradient<T>(IDifferentiableFunction function, IReadOnlyList<double[]> inputs, GradCheckOptions? options = null, ComputeBackend<T>? backend = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        options ??= GradCheckOptions.For<T>();
        double[][] point = RoundTrip<T>(function, inputs);
        double[] weights = ProjectionWeights(function, point, options.Seed);

        var tape = backend is null ? new Tape<T>() : new Tape<T>(backend);
        Tensor<T>[] variables = Variables(tape, function, point);
        Tensor<T> scalar = Project(tape, function.Evaluate<T>(tape, variables), weights);
        var gradients = new Tensor<T>[variables.Length];
        tape.Gradients(scalar, variables, gradients);
        double[][] analytic = Widen(gradients);

        var reference = new Tape<double>();
        double[][] numeric = new double[point.Length][];
        for (int i = 0; i < point.Length; i++)
        {
            numeric[i] = new double[point[i].Length];
            for (int j = 0; j < point[i].Length; j++)
            {
                double saved = point[i][j];
                point[i][j] = saved + options.Step;
                double plus = ProjectedValue(reference, function, point, weights);
                point[i][j] = saved - options.Step;
                double minus = ProjectedValue(reference, function, point, weights);
                point[i][j] = saved;
                numeric[i][j] = (plus - minus) / (2 * options.Step);
            }
        }

        return Compare(function.Name, Precision.NameOf<T>(), GradCheckMode.Gradient, analytic, numeric, options, symmetryError: 0);
    }

    /// <summary>Checks the forward-mode JVP along random tangents (one per input) against (f(x + hv) - f(x - hv)) / 2h.</summary>
    /// <param name="function">The function.</param>
    /// <param name="inputs">The point, one array per input.</param>
    /// <param name="options">Tolerances and steps (defaults fit T).</param>
    /// <param name="backend">Where the analytic side's tape runs (null: a new host backend); the finite differences always run on the host in fp64.</param>
    public static GradCheckResult Jvp<T>(IDifferentiableFunction function, IReadOnlyList<double[]> inputs, GradCheckOptions? options = null, ComputeBackend<T>? backend = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        options ??= GradCheckOptions.For<T>();
        double[][] point = RoundTrip<T>(function, inputs);
        double[][] tangents = RandomDirections<T>(point, options.Seed + 1);

        var tape = backend is null ? new Tape<T>() : new Tape<T>(backend);
        Tensor<T>[] variables = Variables(tape, function, point);
        Tensor<T>[] tangentTensors = Constants(tape, function, tangents);
        Tensor<T> output = function.Evaluate<T>(tape, variables);
        double[] analytic = Widen(tape.Jvp(output, variables, tangentTensors));

        var reference = new Tape<double>();
        double[] plus = Output(reference, function, Shift(point, tangents, options.Step));
        double[] minus = Output(reference, function, Shift(point, tangents, -options.Step));
        double[] numeric = new double[plus.Length];
        for (int k = 0; k < numeric.Length; k++)
        {
            numeric[k] = (plus[k] - minus[k]) / (2 * options.Step);
        }

        return Compare(function.Name, Precision.NameOf<T>(), GradCheckMode.Jvp, [analytic], [numeric], options, symmetryError: 0);
    }

    /// <summary>
    /// Checks the Hessian-vector product by double backward (grad of grad . v) against the central difference of
    /// fp64 gradients along v, and checks symmetry u.Hv = v.Hu for a second random direction u.
    /// </summary>
    /// <param name="function">The function.</param>
    /// <param name="inputs">The point, one array per input.</param>
    /// <param name="options">Tolerances and steps (defaults fit T).</param>
    /// <param name="backend">Where the analytic side's tapes run (null: a new host backend); the finite differences always run on the host in fp64.</param>
    public static GradCheckResult Hvp<T>(IDifferentiableFunction function, IReadOnlyList<double[]> inputs, GradCheckOptions? options = null, ComputeBackend<T>? backend = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        options ??= GradCheckOptions.For<T>();
        double[][] point = RoundTrip<T>(function, inputs);
        double[] weights = ProjectionWeights(function, point, options.Seed);
        double[][] v = RandomDirections<T>(point, options.Seed + 2);
        double[][] u = RandomDirections<T>(point, options.Seed + 3);

        double[][] hv = HessianVector(function, point, weights, v, backend);
        double[][] hu = HessianVector(function, point, weights, u, backend);
        double uHv = DotAll(u, hv);
        double vHu = DotAll(v, hu);
        double symmetry = Math.Abs(uHv - vHu) / (1 + Math.Abs(uHv));

        double[][] plus = GradientInDouble(function, Shift(point, v, options.HessianStep), weights);
        double[][] minus = GradientInDouble(function, Shift(point, v, -options.HessianStep), weights);
        double[][] numeric = new double[point.Length][];
        for (int i = 0; i < point.Length; i++)
        {
            numeric[i] = new double[point[i].Length];
            for (int j = 0; j < numeric[i].Length; j++)
            {
                numeric[i][j] = (plus[i][j] - minus[i][j]) / (2 * options.HessianStep);
            }
        }

        return Compare(function.Name, Precision.NameOf<T>(), GradCheckMode.Hvp, hv, numeric, options, symmetry);
    }

    /// <summary>grad over all inputs of (grad f . v), by double backward in precision T.</summary>
    private static double[][] HessianVector<T>(IDifferentiableFunction function, double[][] point, double[] weights, double[][] direction, ComputeBackend<T>? backend)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = backend is null ? new Tape<T>() : new Tape<T>(backend);
        Tensor<T>[] variables = Variables(tape, function, point);
        Tensor<T>[] directions = Constants(tape, function, direction);
        Tensor<T> scalar = Project(tape, function.Evaluate<T>(tape, variables), weights);
        var gradients = new Tensor<T>[variables.Length];
        tape.Gradients(scalar, variables, gradients, createGraph: true);
        Tensor<T> inner = gradients[0].Dot(directions[0]);
        for (int i = 1; i < gradients.Length; i++)
        {
            inner = inner.Add(gradients[i].Dot(directions[i]));
        }

        var result = new Tensor<T>[variables.Length];
        tape.Gradients(inner, variables, result);
        return Widen(result);
    }

    private static double[][] GradientInDouble(IDifferentiableFunction function, double[][] point, double[] weights)
    {
        var tape = new Tape<double>();
        Tensor<double>[] variables = Variables(tape, function, point);
        Tensor<double> scalar = Project(tape, function.Evaluate<double>(tape, variables), weights);
        var gradients = new Tensor<double>[variables.Length];
        tape.Gradients(scalar, variables, gradients);
        return Widen(gradients);
    }

    private static GradCheckResult Compare(string name, string precision, GradCheckMode mode, double[][] analytic, double[][] numeric, GradCheckOptions options, double symmetryError)
    {
        int count = 0;
        double maxAbsolute = 0;
        double maxRelative = 0;
        double worstRatio = -1;
        int worstInput = 0;
        int worstElement = 0;
        bool passed = true;
        for (int i = 0; i < analytic.Length; i++)
        {
            for (int j = 0; j < analytic[i].Length; j++)
            {
                double a = analytic[i][j];
                double n = numeric[i][j];
                double error = Math.Abs(a - n);
                double bound = options.AbsoluteTolerance + (options.RelativeTolerance * Math.Abs(n));
                double ratio = double.IsFinite(error) ? error / bound : double.PositiveInfinity;
                count++;
                passed &= ratio <= 1;
                maxAbsolute = Math.Max(maxAbsolute, double.IsNaN(error) ? double.PositiveInfinity : error);
                maxRelative = Math.Max(maxRelative, double.IsNaN(error) ? double.PositiveInfinity : error / Math.Max(Math.Abs(n), 1e-300));
                if (ratio > worstRatio)
                {
                    worstRatio = ratio;
                    worstInput = i;
                    worstElement = j;
                }
            }
        }

        if (mode == GradCheckMode.Hvp)
        {
            passed &= symmetryError <= options.AbsoluteTolerance + options.RelativeTolerance;
        }

        double worstAnalytic = count == 0 ? 0 : analytic[worstInput][worstElement];
        double worstNumeric = count == 0 ? 0 : numeric[worstInput][worstElement];
        return new GradCheckResult(name, precision, mode, passed, count, maxAbsolute, maxRelative, worstInput, worstElement, worstAnalytic, worstNumeric, symmetryError);
    }

    /// <summary>The inputs rounded to T and back, so both sides look at exactly the same point.</summary>
    internal static double[][] RoundTrip<T>(IDifferentiableFunction function, IReadOnlyList<double[]> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inputs.Count != function.InputShapes.Count)
        {
            throw new ArgumentException($"{function.Name} takes {function.InputShapes.Count} inputs; {inputs.Count} were given.", nameof(inputs));
        }

        var point = new double[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != function.InputShapes[i].Length)
            {
                throw new ArgumentException($"{function.Name}: input {i} has {inputs[i].Length} values; shape {function.InputShapes[i]} needs {function.InputShapes[i].Length}.", nameof(inputs));
            }

            point[i] = new double[inputs[i].Length];
            for (int j = 0; j < point[i].Length; j++)
            {
                point[i][j] = double.CreateTruncating(T.CreateTruncating(inputs[i][j]));
            }
        }

        return point;
    }

    internal static Tensor<T>[] Variables<T>(Tape<T> tape, IDifferentiableFunction function, double[][] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new Tensor<T>[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = tape.Variable(function.InputShapes[i], Narrow<T>(values[i]), $"input{i}");
        }

        return result;
    }

    internal static Tensor<T>[] Constants<T>(Tape<T> tape, IDifferentiableFunction function, double[][] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new Tensor<T>[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = tape.Constant(function.InputShapes[i], Narrow<T>(values[i]));
        }

        return result;
    }

    private static Tensor<T> Project<T>(Tape<T> tape, Tensor<T> output, double[] weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => output.Length == 1 ? output.Sum() : output.Dot(tape.Constant(output.Shape, Narrow<T>(weights), "projection"));

    private static double ProjectedValue(Tape<double> tape, IDifferentiableFunction function, double[][] point, double[] weights)
    {
        tape.Reset();
        Tensor<double>[] constants = Constants(tape, function, point);
        return Project(tape, function.Evaluate<double>(tape, constants), weights).Item();
    }

    private static double[] Output(Tape<double> tape, IDifferentiableFunction function, double[][] point)
    {
        tape.Reset();
        Tensor<double>[] constants = Constants(tape, function, point);
        return function.Evaluate<double>(tape, constants).ToArray();
    }

    /// <summary>Fixed weights in [0.5, 1.5) with random signs, one per output element.</summary>
    internal static double[] ProjectionWeights(IDifferentiableFunction function, double[][] point, int seed)
    {
        int length = Output(new Tape<double>(), function, point).Length;
        var random = new Random(seed);
        var weights = new double[length];
        for (int k = 0; k < length; k++)
        {
            weights[k] = (0.5 + random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1);
        }

        return weights;
    }

    /// <summary>Random unit-scale directions, representable exactly in T.</summary>
    internal static double[][] RandomDirections<T>(double[][] point, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var result = new double[point.Length][];
        for (int i = 0; i < point.Length; i++)
        {
            result[i] = new double[point[i].Length];
            for (int j = 0; j < result[i].Length; j++)
            {
                result[i][j] = double.CreateTruncating(T.CreateTruncating((random.NextDouble() * 2) - 1));
            }
        }

        return result;
    }

    private static double[][] Shift(double[][] point, double[][] direction, double step)
    {
        var result = new double[point.Length][];
        for (int i = 0; i < point.Length; i++)
        {
            result[i] = new double[point[i].Length];
            for (int j = 0; j < result[i].Length; j++)
            {
                result[i][j] = point[i][j] + (step * direction[i][j]);
            }
        }

        return result;
    }

    private static double DotAll(double[][] x, double[][] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x[i].Length; j++)
            {
                sum += x[i][j] * y[i][j];
            }
        }

        return sum;
    }

    private static T[] Narrow<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            result[j] = T.CreateTruncating(values[j]);
        }

        return result;
    }

    internal static double[] Widen<T>(Tensor<T> tensor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] values = tensor.ToArray();
        var result = new double[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            result[j] = double.CreateTruncating(values[j]);
        }

        return result;
    }

    internal static double[][] Widen<T>(Tensor<T>[] tensors)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[tensors.Length][];
        for (int i = 0; i < tensors.Length; i++)
        {
            result[i] = Widen(tensors[i]);
        }

        return result;
    }
}
