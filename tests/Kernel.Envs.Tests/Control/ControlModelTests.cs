using Kernel.Envs.Control;
using Xunit;

namespace Kernel.Envs.Tests.Control;

public class ControlModelTests
{
    [Theory]
    [InlineData("rk4")]
    [InlineData("euler")]
    public void TheDoubleModelIsTheEnvBitForBit(string integrator)
    {
        var env = new DoublePendulum(EnvOptions.Parse([$"integrator={integrator}"]));
        var model = new DoublePendulumModel<double>(env);
        double[] obs = new double[4];
        double[] state = new double[4];
        env.Reset(0, obs);
        model.WriteInitialState(state);
        var random = new KernelRandom(5);
        double[] u = new double[2];
        for (int k = 0; k < 500; k++)
        {
            u[0] = 15 * random.Normal(); // beyond u_max half the time: saturation is part of the model
            u[1] = 15 * random.Normal();
            double reward = env.Step(u, obs).Reward;
            Assert.Equal(reward, model.Step(state, u));
            Assert.Equal(obs, state);
        }
    }

    [Fact]
    public void TheFloatModelsFollowTheDoubleOnesToFloatAccuracyOverAShortHorizon()
    {
        var env = new DoublePendulum();
        IControlModel<double>[] doubles = [new DoublePendulumModel<double>(env), new SinglePendulumModel<double>()];
        IControlModel<float>[] floats = [new DoublePendulumModel<float>(env), new SinglePendulumModel<float>()];
        for (int m = 0; m < doubles.Length; m++)
        {
            double[] s64 = new double[doubles[m].StateSize];
            float[] s32 = new float[floats[m].StateSize];
            doubles[m].WriteInitialState(s64);
            floats[m].WriteInitialState(s32);
            double[] u64 = new double[doubles[m].ActionSize];
            float[] u32 = new float[floats[m].ActionSize];
            u64[0] = 0.75;
            u32[0] = 0.75f;
            bool differs = false;
            for (int k = 0; k < 50; k++)
            {
                float r32 = floats[m].Step(s32, u32);
                double r64 = doubles[m].Step(s64, u64);
                Assert.Equal(r64, r32, Math.Abs(r64) * 1e-5);
                for (int i = 0; i < s64.Length; i++)
                {
                    Assert.Equal(s64[i], s32[i], 1e-5);
                    differs |= s64[i] != s32[i];
                }
            }

            Assert.True(differs);
        }
    }
}
