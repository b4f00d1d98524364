namespace Kernel.Autodiff.Ops;

/// <summary>Combines optional tangents in JVP rules, where a missing tangent stands for zero.</summary>
internal static class Tangents
{
    public static Tensor<T>? Sum<T>(Tensor<T>? x, Tensor<T>? y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x is { } a)
        {
            return y is { } b ? a.Add(b) : a;
        }

        return y;
    }
}
