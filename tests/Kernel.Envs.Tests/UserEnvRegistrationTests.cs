using Xunit;

namespace Kernel.Envs.Tests;

[Collection(EnvRegistryCollection.Name)]
public class UserEnvRegistrationTests
{
    /// <summary>Every id these tests register starts with this, so the registry tests can tell them from the built-in ones.</summary>
    public const string IdPrefix = "UserTest";

    private static EnvRegistration RegisterDrift(string name, int maxEpisodeSteps = 7)
    {
        var registration = new EnvRegistration($"{IdPrefix}{name}-v0", maxEpisodeSteps, "Drive a point on a line to the origin (test env).");
        Envs.Register(registration, options => new DriftToOrigin(registration.Id, options));
        return registration;
    }

    [Fact]
    public void ARegisteredUserEnvIsListedAndMadeWithItsTimeLimitAndOptions()
    {
        EnvRegistration registration = RegisterDrift("Listed");
        Assert.Same(registration, Assert.Single(Envs.Registered, r => r.Id == registration.Id));
        Assert.Equal(EnvsRegistryTests.Limits.Count, Envs.Registered.TakeWhile(r => !r.Id.StartsWith(IdPrefix, StringComparison.Ordinal)).Count());

        IEnv env = Envs.Make(registration.Id, EnvOptions.Parse(["step=0.5"]));
        DriftToOrigin drift = Assert.IsType<DriftToOrigin>(env);
        Assert.Equal(registration.Id, env.Id);
        Assert.Equal(7, drift.MaxEpisodeSteps);
        Assert.Equal(0.5, drift.StepLength);
        Assert.NotSame(env, Envs.Make(registration.Id));

        var observation = new double[1];
        env.Reset(4, observation);
        double start = observation[0];
        StepResult result = env.Step([1.0], observation);
        Assert.Equal(-(start * start), result.Reward);
        Assert.Equal(start + 0.5, observation[0]);
        for (int step = 2; step <= 7; step++)
        {
            result = env.Step([0.0], observation);
        }

        Assert.True(result.Truncated);
        Assert.Contains("no option 'speed'", Assert.Throws<ArgumentException>(() => Envs.Make(registration.Id, EnvOptions.Parse(["speed=1"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVectorEnvMakesCopiesOfARegisteredUserEnv()
    {
        EnvRegistration registration = RegisterDrift("Vector", maxEpisodeSteps: 3);
        using var vector = new VectorEnv(registration.Id, 4, EnvOptions.Parse(["step=0.25"]));
        Assert.All(vector.Copies, copy => Assert.IsType<DriftToOrigin>(copy));
        vector.Reset(9);
        double[] starts = vector.Observations.ToArray();
        Assert.Equal(4, starts.Distinct().Count());
        vector.Step([1.0, -1.0, 0.0, 1.0]);
        Assert.Equal([starts[0] + 0.25, starts[1] - 0.25, starts[2], starts[3] + 0.25], vector.Observations.ToArray());
        vector.Step(new double[4]);
        vector.Step(new double[4]);
        Assert.Equal([true, true, true, true], vector.Truncated.ToArray());
        Assert.Equal(4, vector.FinishedEpisodes.Length);
    }

    [Fact]
    public void RegisteringAnIdTwiceOrABuiltInIdIsRefusedWithOneClearError()
    {
        EnvRegistration registration = RegisterDrift("Twice");
        ArgumentException again = Assert.Throws<ArgumentException>(() => RegisterDrift("Twice"));
        Assert.Equal("registration", again.ParamName);
        Assert.Contains($"'{registration.Id}' is already the id of an env registered earlier", again.Message, StringComparison.Ordinal);

        ArgumentException builtIn = Assert.Throws<ArgumentException>(
            () => Envs.Register(new EnvRegistration("Pendulum-v1", 200, "another pendulum"), options => new DriftToOrigin("Pendulum-v1", options)));
        Assert.Contains("'Pendulum-v1' is already the id of a built-in env", builtIn.Message, StringComparison.Ordinal);
        Assert.Single(Envs.Registered, r => r.Id == "Pendulum-v1");
        Assert.IsNotType<DriftToOrigin>(Envs.Make("Pendulum-v1"));
    }

    [Theory]
    [InlineData(" ", 10, "expected a non-blank env id")]
    [InlineData("UserTestNoLimit-v0", 0, "MaxEpisodeSteps = 0 for env 'UserTestNoLimit-v0': expected at least 1 step")]
    public void AMalformedRegistrationIsRefusedAndNotListed(string id, int maxEpisodeSteps, string message)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Envs.Register(new EnvRegistration(id, maxEpisodeSteps, "bad"), options => new DriftToOrigin(id, options)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Envs.Registered, r => r.Id == id);
    }

    [Fact]
    public void AConstructorThatMakesAnEnvWithAnotherIdIsCaughtAtMake()
    {
        var registration = new EnvRegistration($"{IdPrefix}WrongId-v0", 5, "names itself differently");
        Envs.Register(registration, options => new DriftToOrigin("SomethingElse-v0", options));
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Envs.Make(registration.Id));
        Assert.Contains("whose Id is 'SomethingElse-v0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentRegistrationsAllLandOnce()
    {
        string[] ids = [.. Enumerable.Range(0, 32).Select(i => $"{IdPrefix}Concurrent{i}-v0")];
        Parallel.ForEach(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, id => Envs.Register(new EnvRegistration(id, 5, "concurrent"), options => new DriftToOrigin(id, options)));
        IReadOnlyList<EnvRegistration> registered = Envs.Registered;
        Assert.All(ids, id => Assert.Single(registered, r => r.Id == id));
        Assert.All(ids, id => Assert.Equal(id, Envs.Make(id).Id));
    }
}
