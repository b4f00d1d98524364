namespace Kernel.Algorithms.Nn;

/// <summary>Checks shared by linear layers and their initialisers: positive widths and buffers that fit them.</summary>
internal static class LayerShapes
{
    /// <summary>Throws unless <paramref name="value"/> (a layer width) is at least 1.</summary>
    public static void CheckWidth(int value, string parameterName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be at least 1.");
        }
    }

    /// <summary>Throws unless the buffers hold an outFeatures x inFeatures weight and an outFeatures bias.</summary>
    public static void Check(ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, int outFeatures, int inFeatures)
    {
        CheckWidth(outFeatures, nameof(outFeatures));
        CheckWidth(inFeatures, nameof(inFeatures));
        if (weight.Length != (long)outFeatures * inFeatures)
        {
            throw new ArgumentException($"weight has {weight.Length} elements; {outFeatures} x {inFeatures} needs {(long)outFeatures * inFeatures}.", nameof(weight));
        }

        if (bias.Length != outFeatures)
        {
            throw new ArgumentException($"bias has {bias.Length} elements; it needs outFeatures = {outFeatures}.", nameof(bias));
        }
    }
}
