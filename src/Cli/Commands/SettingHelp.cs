using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;

namespace Kernel.Cli.Commands;

/// <summary>
/// The help text of a setting's option: the summary of the property's XML doc comment (read from the documentation
/// file the build writes beside Kernel.Algorithms.dll), what values it takes, and the algorithms or action spaces it
/// applies to. The doc comment is the one place a setting is described.
/// </summary>
internal static partial class SettingHelp
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    /// <summary>"summary Takes: values. Applies to: scope." for <paramref name="setting"/>.</summary>
    public static string Describe(Setting setting)
    {
        string summary = Summaries.Value.TryGetValue($"P:{setting.Property.DeclaringType!.FullName}.{setting.Property.Name}", out string? text) ? text : string.Empty;
        string takes = setting.Key == "algo" ? $"one of {AlgorithmRegistry.Names}" : TrainConfigReader.Expected(setting);
        string scope = setting.Scopes == SettingScopes.None ? string.Empty : $" Applies to: {Settings.Describe(setting.Scopes)}.";
        return $"{summary} Takes {takes}.{scope}".Trim();
    }

    /// <summary>The placeholder shown after the option name.</summary>
    public static string ValueName(Setting setting) => setting.ValueType switch
    {
        Type type when type == typeof(double) => "number",
        Type type when type == typeof(string) => setting.OptionName,
        Type type when type == typeof(MinibatchSize) => "count|full-batch",
        Type type when type == typeof(IReadOnlyList<int>) => "widths",
        Type type when type == typeof(IReadOnlyDictionary<string, string>) => "key=value",
        Type type when type.IsEnum => "choice",
        _ => "integer",
    };

    private static Dictionary<string, string> Load()
    {
        Assembly assembly = typeof(TrainConfig).Assembly;
        string path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: the settings' help comes from the documentation file the build writes beside {Path.GetFileName(assembly.Location)}.", path);
        }

        return XDocument.Load(path).Descendants("member")
            .Where(member => member.Attribute("name")?.Value.StartsWith("P:", StringComparison.Ordinal) == true && member.Element("summary") is not null)
            .ToDictionary(member => member.Attribute("name")!.Value, member => Flatten(member.Element("summary")!));
    }

    /// <summary>The summary as one line: cref and paramref targets by their last name, whitespace collapsed.</summary>
    private static string Flatten(XElement summary)
    {
        foreach (XElement reference in summary.Descendants().Where(e => e.Name == "see" || e.Name == "paramref").ToList())
        {
            string target = reference.Attribute("cref")?.Value ?? reference.Attribute("name")?.Value ?? string.Empty;
            reference.ReplaceWith(target.Split('.', ':')[^1].Split('{', '`')[0]);
        }

        return Whitespace().Replace(summary.Value, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
