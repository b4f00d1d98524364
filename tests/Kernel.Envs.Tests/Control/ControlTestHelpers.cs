namespace Kernel.Envs.Tests.Control;

internal static class ControlTestHelpers
{
    public static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double x in v)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }

    public static EnvOptions Options(params string[] items) => EnvOptions.Parse(items);
}
