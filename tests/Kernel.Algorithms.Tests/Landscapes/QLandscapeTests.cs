using Kernel.Algorithms.Landscapes;
using Kernel.Algorithms.Mollification;
using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Algorithms.Tests.Landscapes;

public class QLandscapeTests
{
    [Fact]
    public void QAtThePolicysOwnFirstActionIsItsReturnAndOtherActionsDiffer()
    {
        var stabilising = LinearFeedbackController<double>.FromGain(Negated(DoublePendulum.K0), null); // u = +K0 s
        double[] origin = stabilising.Parameters.ToArray();
        Func<ILandscapeSystem<double>> system = () => LandscapeSystems.Create<double>(DoublePendulum.EnvId);
        var settings = new LandscapeSettings(1000, 0.99, 0, 1, 1, 2);
        double j = PolicyLandscape<double>.Evaluate(system, stabilising, new LandscapeSlice(origin, new double[origin.Length], null, [0.0], [0.0]), settings)[0].Mean;

        double[] mu = new double[2];
        stabilising.Act(DoublePendulum.InitialState, mu);
        LandscapePoint[] q = QLandscape<double>.Evaluate(system, stabilising, [0, 1], [mu[0], mu[0] + 1], [mu[1]], settings);

        Assert.Equal(j, q[0].Mean);
        Assert.NotEqual(j, q[1].Mean);
        Assert.Equal(q, QLandscape<double>.Evaluate(system, stabilising, [0, 1], [mu[0], mu[0] + 1], [mu[1]], settings with { Threads = 1 }));
    }

    [Fact]
    public void BadActionCoordinatesAreRefusedInOneLine()
    {
        var controller = LinearFeedbackController<double>.FromGain(DoublePendulum.K0, null);
        ArgumentException error = Assert.Throws<ArgumentException>(() => QLandscape<double>.Evaluate(() => LandscapeSystems.Create<double>(DoublePendulum.EnvId), controller, [0, 2], [0.0], [0.0], new LandscapeSettings(10, 1, 0, 1, 1, 1)));
        Assert.Equal("directions = coords:0,2: must be one or two distinct action indices in [0, 1].", error.Message.Split(" (Parameter")[0]);
    }

    internal static double[,] Negated(double[,] k)
    {
        var result = new double[k.GetLength(0), k.GetLength(1)];
        for (int r = 0; r < k.GetLength(0); r++)
        {
            for (int c = 0; c < k.GetLength(1); c++)
            {
                result[r, c] = -k[r, c];
            }
        }

        return result;
    }
}
