using Kernel.Algorithms.Nn;

namespace Kernel.Algorithms.Tests.Nn;

/// <summary>Plain-loop fp64 forward passes, the reference the tape's results are compared with.</summary>
internal static class MlpReference
{
    /// <summary>y[r, o] = sum_i x[r, i] * w[o, i] + b[o] for x [batch, in], w [out, in], b [out].</summary>
    public static double[] Linear(double[] x, int batch, double[] weight, double[] bias)
    {
        int outFeatures = bias.Length;
        int inFeatures = weight.Length / outFeatures;
        var y = new double[batch * outFeatures];
        for (int r = 0; r < batch; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = 0;
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += x[(r * inFeatures) + i] * weight[(o * inFeatures) + i];
                }

                y[(r * outFeatures) + o] = sum + bias[o];
            }
        }

        return y;
    }

    /// <summary>The MLP's output, and every pre-activation (for keeping ReLU cases away from the kink).</summary>
    public static double[] Mlp(double[] x, int batch, IReadOnlyList<(double[] Weight, double[] Bias)> layers, Activation activation, List<double>? preActivations = null)
    {
        double[] h = x;
        for (int l = 0; l < layers.Count; l++)
        {
            h = Linear(h, batch, layers[l].Weight, layers[l].Bias);
            if (l == layers.Count - 1)
            {
                break;
            }

            preActivations?.AddRange(h);
            for (int k = 0; k < h.Length; k++)
            {
                h[k] = Activate(h[k], activation);
            }
        }

        return h;
    }

    public static double Activate(double z, Activation activation) => activation switch
    {
        Activation.Tanh => Math.Tanh(z),
        Activation.Relu => Math.Max(z, 0),
        Activation.Silu => z / (1 + Math.Exp(-z)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The layers' values widened to double.</summary>
    public static List<(double[] Weight, double[] Bias)> Values<T>(Mlp<T> mlp)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => mlp.Layers.Select(layer => (Widen(layer.Weight.ToArray()), Widen(layer.Bias.ToArray()))).ToList();

    public static double[] Widen<T>(T[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Select(v => double.CreateTruncating(v)).ToArray();

    public static T[] Narrow<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Select(v => T.CreateTruncating(v)).ToArray();

    /// <summary>Values uniform in [-1, 1) from a fixed stream.</summary>
    public static double[] RandomValues(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
    }
}
