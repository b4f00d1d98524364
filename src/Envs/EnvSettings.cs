namespace Kernel.Envs;

/// <summary>Reading and checking an env's <see cref="IEnvSettings{TSelf}"/> record, written once for every env.</summary>
public static class EnvSettings
{
    /// <summary>The settings from registry options (none: the defaults), refusing options the env does not know.</summary>
    /// <exception cref="ArgumentException">An unknown option, or one of the wrong type or out of range (the message names it and <paramref name="envId"/>).</exception>
    public static TSettings Read<TSettings>(EnvOptions? options, string envId)
        where TSettings : IEnvSettings<TSettings>
    {
        options ??= EnvOptions.None;
        TSettings settings = TSettings.FromOptions(options);
        options.EnsureAllUsed(envId);
        return settings;
    }

    /// <summary>Returns <paramref name="settings"/> once it is validated.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static TSettings Checked<TSettings>(TSettings settings)
        where TSettings : IEnvSettings<TSettings>
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings;
    }
}
