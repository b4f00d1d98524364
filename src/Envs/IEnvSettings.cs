namespace Kernel.Envs;

/// <summary>
/// An env's settings record: read from registry options and checked, the two steps every env's constructors share
/// (<see cref="EnvSettings.Read{TSettings}"/>, <see cref="EnvSettings.Checked{TSettings}"/>).
/// </summary>
/// <typeparam name="TSelf">The settings record itself.</typeparam>
public interface IEnvSettings<TSelf>
    where TSelf : IEnvSettings<TSelf>
{
    /// <summary>The settings from registry options: defaults for the options not given; every option given is marked used.</summary>
    /// <exception cref="ArgumentException">An option of the wrong type or out of range (the message names it).</exception>
    static abstract TSelf FromOptions(EnvOptions options);

    /// <summary>Throws naming the first setting out of range.</summary>
    void Validate();
}
