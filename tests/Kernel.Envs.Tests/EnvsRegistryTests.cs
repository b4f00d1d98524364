using Xunit;

namespace Kernel.Envs.Tests;

[Collection(EnvRegistryCollection.Name)]
public class EnvsRegistryTests
{
    public static TheoryData<string, int> Limits => new()
    {
        { "Pendulum-v1", 200 },
        { "MountainCarContinuous-v0", 999 },
        { "MountainCar-v0", 200 },
        { "CartPole-v1", 500 },
        { "Acrobot-v1", 500 },
        { "DoublePendulum-v0", 1000 },
        { "PlanarQuadrotor-v0", 1000 },
        { "Hopper-v4", 1000 },
        { "HopperStand-v0", 1000 },
        { "InvertedPendulum-v4", 1000 },
        { "InvertedDoublePendulum-v4", 1000 },
        { "Walker2d-v4", 1000 },
        { "HalfCheetah-v4", 1000 },
        { "Ant-v4", 1000 },
        { "Humanoid-v4", 1000 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void EveryIdMakesItsEnvWithTheRegisteredTimeLimit(string id, int limit)
    {
        IEnv env = Envs.Make(id);
        Assert.Equal(id, env.Id);
        Assert.Equal(limit, Assert.IsAssignableFrom<EnvBase>(env).MaxEpisodeSteps);
        EnvRegistration registration = Assert.Single(Envs.Registered, r => r.Id == id);
        Assert.Equal(limit, registration.MaxEpisodeSteps);
        Assert.False(string.IsNullOrWhiteSpace(registration.Description));
    }

    [Fact]
    public void TheRegistryListsExactlyTheKnownIdsFirstThenOnlyThoseTheTestsRegistered()
    {
        IReadOnlyList<EnvRegistration> registered = Envs.Registered;
        Assert.Equal(Limits.Select(row => (string)row[0]).Order(), registered.Take(Limits.Count).Select(r => r.Id).Order());
        Assert.All(registered.Skip(Limits.Count), r => Assert.StartsWith(UserEnvRegistrationTests.IdPrefix, r.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void EachMakeReturnsANewInstance()
        => Assert.NotSame(Envs.Make("CartPole-v1"), Envs.Make("CartPole-v1"));

    [Theory]
    [InlineData("Pendulum-v1", 0.0)]
    [InlineData("MountainCarContinuous-v0", 0.0)]
    [InlineData("MountainCar-v0", 1.0)]
    [InlineData("Acrobot-v1", 1.0)]
    [InlineData("DoublePendulum-v0", 0.0)]
    public void EnvsThatCannotTerminateUnderANullActionAreTruncatedExactlyAtTheLimit(string id, double action)
    {
        IEnv env = Envs.Make(id);
        int limit = ((EnvBase)env).MaxEpisodeSteps!.Value;
        var observation = new double[env.ObservationSpace.Dimension];
        var actions = Enumerable.Repeat(action, env.ActionSpace.Dimension).ToArray();
        env.Reset(3, observation);
        for (int step = 1; step <= limit; step++)
        {
            StepResult result = env.Step(actions, observation);
            Assert.False(result.Terminated, $"{id} terminated at step {step}");
            Assert.Equal(step == limit, result.Truncated);
        }

        Assert.Throws<InvalidOperationException>(() => env.Step(actions, observation));
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void NoEpisodeOutlastsTheLimit(string id, int limit)
    {
        IEnv env = Envs.Make(id);
        var observation = new double[env.ObservationSpace.Dimension];
        var random = new KernelRandom(11);
        var action = new double[env.ActionSpace.Dimension];
        env.Reset(5, observation);
        for (int step = 1; ; step++)
        {
            for (int k = 0; k < action.Length; k++)
            {
                action[k] = env.ActionSpace switch
                {
                    DiscreteSpace d => random.NextInt(d.Count),
                    BoxSpace b when double.IsFinite(b.Low[k]) && double.IsFinite(b.High[k]) => random.Uniform(b.Low[k], b.High[k]),
                    _ => 0,
                };
            }

            StepResult result = env.Step(action, observation);
            Assert.True(step <= limit);
            if (result.Done)
            {
                Assert.True(result.Terminated || step == limit);
                Assert.Equal(step == limit, result.Truncated);
                break;
            }
        }
    }

    [Fact]
    public void AnUnknownIdListsTheRegisteredIdsAndSuggestsACloseOne()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Envs.Make("CartPole-v0"));
        foreach (EnvRegistration registration in Envs.Registered)
        {
            Assert.Contains(registration.Id, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("CartPole-v0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'CartPole-v1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Pendulum-v1'", Assert.Throws<ArgumentException>(() => Envs.Make("pendulum-v1")).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", Assert.Throws<ArgumentException>(() => Envs.Make("Swimmer-v4")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOptionIsRejectedWithItsName()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Envs.Make("Pendulum-v1", EnvOptions.Parse(["bogus=1"])));
        Assert.Contains("bogus", error.Message, StringComparison.Ordinal);
    }
}
