using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// A sweep: a base configuration (options, optionally on top of a config.json) times axes. The
/// cells are the product of the axes (the last axis varies fastest), less the cells matching an <see cref="Exclude"/>
/// entry, plus the <see cref="Include"/> entries. Option names are the flags without dashes of the command a cell
/// runs, <c>kernel train</c> unless the cell sets <c>command</c> (<c>env</c>, <c>algo</c>, <c>precision</c>,
/// <c>seed</c>, <c>learning-rate</c>, ...), so a sweep can vary any option without this layer knowing the trainer's
/// types; the command itself validates them. <c>command</c> and <c>stage</c> are the cell's own (see
/// <see cref="SweepCell"/>). An include entry whose command is not <c>train</c> is an analysis cell: it takes neither
/// the base nor the axes, only its own options, and with a later stage it can read the training cells' runs
/// (<c>{ "command": "eval", "stage": 1, "run": "{cells}/seed=1" }</c>).
/// JSON form (<see cref="Parse"/>, <see cref="ToJson"/>):
/// <code>
/// { "name": "pendulum", "base_config": "base.json", "base": { "env": "Pendulum-v1", "steps": 20000 },
///   "axes": { "algo": ["ppo", "trpo"], "seed": [1, 2, 3] },
///   "exclude": [ { "algo": "trpo", "seed": 3 } ], "include": [ { "algo": "vpg", "seed": 1 } ] }
/// </code>
/// Values may be JSON strings, numbers (kept as written, so 1e-4 stays 1e-4) or booleans.
/// Thread-safety: immutable.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>Options the runner sets itself, so a spec may not.</summary>
    public static readonly IReadOnlyList<string> ReservedOptions = ["out", "config", "resume"];

    /// <summary>Creates a spec and checks it (see <see cref="Cells"/> for the checks on ids).</summary>
    /// <exception cref="ArgumentException">An empty or reserved option name, an axis without values, an include entry that does not set every axis, or two cells with one id.</exception>
    public SweepSpec(string name, IReadOnlyList<KeyValuePair<string, string>> baseOptions, IReadOnlyList<SweepAxis> axes, IReadOnlyList<IReadOnlyDictionary<string, string>>? exclude = null, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? include = null, string? baseConfig = null)
    {
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("name is empty: a sweep needs a name.", nameof(name)) : name;
        Base = baseOptions;
        Axes = axes;
        Exclude = exclude ?? [];
        Include = include ?? [];
        BaseConfig = baseConfig;
        foreach (string option in Base.Select(pair => pair.Key).Concat(Axes.Select(axis => axis.Name)).Concat(Exclude.SelectMany(entry => entry.Keys)).Concat(Include.SelectMany(entry => entry.Select(pair => pair.Key))))
        {
            CheckOptionName(option);
        }

        foreach (SweepAxis axis in Axes)
        {
            if (axis.Values.Count == 0)
            {
                throw new ArgumentException($"axes.{axis.Name} has no values: give at least one.", nameof(axes));
            }
        }

        if (Axes.Select(axis => axis.Name).Distinct().Count() != Axes.Count)
        {
            throw new ArgumentException($"axes name an option twice: {string.Join(", ", Axes.Select(axis => axis.Name))}.", nameof(axes));
        }

        foreach (IReadOnlyDictionary<string, string> entry in Exclude)
        {
            if (entry.Count == 0 || entry.Keys.Any(key => !Axes.Any(axis => axis.Name == key)))
            {
                throw new ArgumentException($"exclude entry {{{Describe(entry)}}}: must name one or more axes ({string.Join(", ", Axes.Select(axis => axis.Name))}).", nameof(exclude));
            }
        }

        foreach (IReadOnlyList<KeyValuePair<string, string>> entry in Include.Where(entry => !IsAnalysis(entry)))
        {
            string[] missing = [.. Axes.Select(axis => axis.Name).Where(axisName => !entry.Any(pair => pair.Key == axisName))];
            if (missing.Length > 0)
            {
                throw new ArgumentException($"include entry {{{Describe(entry)}}} does not set the axes {string.Join(", ", missing)}: an included cell sets every axis.", nameof(include));
            }
        }

        Cells = BuildCells();
    }

    /// <summary>The sweep's name (used for the Slurm job name and in reports).</summary>
    public string Name { get; }

    /// <summary>Options every cell gets, before the axes.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Base { get; }

    /// <summary>The axes, in the order their values appear in the cell ids.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>Partial assignments of axes: a product cell that has every value of one of these is left out.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Exclude { get; }

    /// <summary>Extra cells: each sets every axis (values need not be on the axis) and may set other options.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Include { get; }

    /// <summary>A config.json (absolute path) the cells start from with <c>kernel train --config</c>, or null.</summary>
    public string? BaseConfig { get; }

    /// <summary>The cells, product cells first (last axis fastest), then the included ones; ids are unique.</summary>
    public IReadOnlyList<SweepCell> Cells { get; }

    /// <summary>Reads a spec from JSON (see the type's summary); a relative base_config is taken relative to <paramref name="specDirectory"/>.</summary>
    /// <exception cref="ArgumentException">Malformed JSON or a field of the wrong kind, named with its path (e.g. <c>axes.seed[2]</c>).</exception>
    public static SweepSpec Parse(string json, string specDirectory)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"spec: not valid JSON ({e.Message}).", nameof(json), e);
        }

        if (root is not JsonObject spec)
        {
            throw new ArgumentException("spec: must be a JSON object with name, base and axes.", nameof(json));
        }

        string[] known = ["name", "base_config", "base", "axes", "exclude", "include"];
        foreach (KeyValuePair<string, JsonNode?> field in spec)
        {
            if (!known.Contains(field.Key))
            {
                throw new ArgumentException($"spec.{field.Key}: unknown field; the fields are {string.Join(", ", known)}.", nameof(json));
            }
        }

        string name = spec["name"] is JsonValue nameValue && nameValue.TryGetValue(out string? text) ? text : throw new ArgumentException("spec.name: must be a string.", nameof(json));
        string? baseConfig = spec["base_config"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out string? path) => Path.GetFullPath(path, specDirectory),
            _ => throw new ArgumentException("spec.base_config: must be a path (string).", nameof(json)),
        };
        var baseOptions = Options(spec["base"], "base");
        var axes = new List<SweepAxis>();
        if (spec["axes"] is { } axesNode)
        {
            if (axesNode is not JsonObject axesObject)
            {
                throw new ArgumentException("spec.axes: must be an object of option: [values].", nameof(json));
            }

            foreach (KeyValuePair<string, JsonNode?> axis in axesObject)
            {
                if (axis.Value is not JsonArray values)
                {
                    throw new ArgumentException($"spec.axes.{axis.Key}: must be an array of values.", nameof(json));
                }

                axes.Add(new SweepAxis(axis.Key, [.. values.Select((value, i) => Scalar(value, $"axes.{axis.Key}[{i}]"))]));
            }
        }

        List<IReadOnlyDictionary<string, string>> exclude = [.. Entries(spec["exclude"], "exclude").Select(entry => (IReadOnlyDictionary<string, string>)entry.ToDictionary(StringComparer.Ordinal))];
        List<IReadOnlyList<KeyValuePair<string, string>>> include = Entries(spec["include"], "include");
        return new SweepSpec(name, baseOptions, axes, exclude, include, baseConfig);
    }

    /// <summary>The spec as JSON, in the form <see cref="Parse"/> reads (values as strings; base_config absolute).</summary>
    public string ToJson()
    {
        static JsonObject Object(IEnumerable<KeyValuePair<string, string>> options)
        {
            var result = new JsonObject();
            foreach (KeyValuePair<string, string> option in options)
            {
                result[option.Key] = option.Value;
            }

            return result;
        }

        var axes = new JsonObject();
        foreach (SweepAxis axis in Axes)
        {
            axes[axis.Name] = new JsonArray([.. axis.Values.Select(value => (JsonNode)JsonValue.Create(value))]);
        }

        var root = new JsonObject { ["name"] = Name };
        if (BaseConfig is not null)
        {
            root["base_config"] = BaseConfig;
        }

        root["base"] = Object(Base);
        root["axes"] = axes;
        root["exclude"] = new JsonArray([.. Exclude.Select(entry => (JsonNode)Object(entry))]);
        root["include"] = new JsonArray([.. Include.Select(entry => (JsonNode)Object(entry))]);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The cell with this id, or null.</summary>
    public SweepCell? Find(string id) => Cells.FirstOrDefault(cell => cell.Id == id);

    private List<SweepCell> BuildCells()
    {
        var assignments = new List<List<KeyValuePair<string, string>>> { new() };
        foreach (SweepAxis axis in Axes)
        {
            assignments = [.. assignments.SelectMany(prefix => axis.Values.Select(value => new List<KeyValuePair<string, string>>(prefix) { new(axis.Name, value) }))];
        }

        if (Axes.Count == 0 && Include.Count > 0)
        {
            assignments.Clear(); // with no axes the lone base cell is replaced by the included ones
        }

        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> kept = assignments.Where(values => !Exclude.Any(entry => entry.All(pair => values.Contains(pair))));
        var ordered = kept.Concat(Include.Select(entry => IsAnalysis(entry)
            ? entry
            : (IReadOnlyList<KeyValuePair<string, string>>)[.. Axes.Select(axis => entry.First(pair => pair.Key == axis.Name)), .. entry.Where(pair => !Axes.Any(axis => axis.Name == pair.Key))]));
        var cells = new List<SweepCell>();
        var ids = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        foreach (IReadOnlyList<KeyValuePair<string, string>> values in ordered)
        {
            string id = CellId(values);
            if (ids.TryGetValue(id, out var other))
            {
                throw new ArgumentException($"cells {{{Describe(other)}}} and {{{Describe(values)}}} both get the id '{id}': values that differ only in characters outside [A-Za-z0-9.+-] or an include that repeats a cell cannot be told apart.", "spec");
            }

            ids[id] = values;
            var options = new List<KeyValuePair<string, string>>(IsAnalysis(values) ? [] : Base.Where(pair => !values.Any(value => value.Key == pair.Key)));
            options.AddRange(values);
            var cell = new SweepCell(cells.Count, id, values, options);
            CheckCommandAndStage(cell);
            cells.Add(cell);
        }

        if (cells.Count == 0)
        {
            throw new ArgumentException("the spec has no cells: exclude removes every cell of the product.", "spec");
        }

        return cells;
    }

    /// <summary>"name=value" for each value joined by '_', with characters outside [A-Za-z0-9.+-] of a value as '~'; "base" with no values.</summary>
    private static string CellId(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        if (values.Count == 0)
        {
            return "base";
        }

        var id = new StringBuilder();
        foreach (KeyValuePair<string, string> value in values)
        {
            if (id.Length > 0)
            {
                id.Append('_');
            }

            id.Append(value.Key).Append('=');
            foreach (char c in value.Value)
            {
                id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' ? c : '~');
            }
        }

        return id.ToString();
    }

    private static string Describe(IEnumerable<KeyValuePair<string, string>> values) => string.Join(", ", values.Select(pair => $"{pair.Key}: {pair.Value}"));

    /// <summary>
    /// Whether an include entry is an analysis cell: one that runs a command other than <c>kernel train</c>. It takes
    /// neither the base options (they configure training) nor the axes; its options are its own.
    /// </summary>
    private static bool IsAnalysis(IReadOnlyList<KeyValuePair<string, string>> entry) =>
        entry.Any(pair => pair.Key == SweepCell.CommandOption && pair.Value != SweepCell.TrainCommand);

    /// <summary>A cell's command is one or more lower-case words, its stage a non-negative integer.</summary>
    private static void CheckCommandAndStage(SweepCell cell)
    {
        if (cell.Get(SweepCell.CommandOption) is { } command
            && (command.Length == 0 || !command.Split(' ').All(word => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c) || c == '-'))))
        {
            throw new ArgumentException($"cell {cell.Id}: command = '{command}': must be a kernel command, lower-case words separated by single spaces (e.g. train, landscape).", "spec");
        }

        if (cell.Get(SweepCell.StageOption) is { } stage
            && !(stage.Length is > 0 and <= 4 && stage.All(char.IsAsciiDigit)))
        {
            throw new ArgumentException($"cell {cell.Id}: stage = '{stage}': must be an integer in 0..9999 (cells of a later stage start once the earlier stages have ended).", "spec");
        }
    }

    private static void CheckOptionName(string option)
    {
        if (option.Length == 0 || option.StartsWith('-') || !option.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"option '{option}': must be a flag of the cell's kernel command without its dashes, in lower case (e.g. learning-rate).", "spec");
        }

        if (ReservedOptions.Contains(option))
        {
            throw new ArgumentException($"option '{option}': the sweep runner sets --out, --config and --resume itself; use base_config for a config.json.", "spec");
        }
    }

    private static List<KeyValuePair<string, string>> Options(JsonNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject options)
        {
            throw new ArgumentException($"spec.{path}: must be an object of option: value.", "json");
        }

        return [.. options.Select(option => new KeyValuePair<string, string>(option.Key, Scalar(option.Value, $"{path}.{option.Key}")))];
    }

    private static List<IReadOnlyList<KeyValuePair<string, string>>> Entries(JsonNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray entries)
        {
            throw new ArgumentException($"spec.{path}: must be an array of objects.", "json");
        }

        return [.. entries.Select((entry, i) => (IReadOnlyList<KeyValuePair<string, string>>)Options(entry, $"{path}[{i}]"))];
    }

    private static string Scalar(JsonNode? node, string path)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String:
                    return value.GetValue<string>();
                case JsonValueKind.Number:
                    return value.ToJsonString();
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
            }
        }

        throw new ArgumentException($"spec.{path} = {node?.ToJsonString() ?? "null"}: must be a string, number or boolean.", "json");
    }

    /// <summary>Formats a number the way a spec writes it (invariant culture, round-trip).</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
