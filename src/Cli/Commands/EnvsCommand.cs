using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kernel.Envs;
using Kernel.Envs.MuJoCo;
using Spectre.Console;
using Registry = Kernel.Envs.Envs;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel envs list</c>: the registered envs with their spaces and time limits (MuJoCo envs on a machine without
/// libmujoco2.2.2 are listed with the install hint instead of their spaces).
/// <c>kernel envs info --env ID [--option key=value ...] [--mjcf FILE]</c>: one JSON document with the env's spaces
/// and time limit and, for MuJoCo envs, the compiled model's facts (sizes, timestep, integrator, solver, gravity,
/// total mass, bodies with masses, joints with types and ranges, actuators with ctrlrange and gear); --mjcf also
/// writes the MJCF text the model was compiled from (for a plain C loop, or to read it).
/// <c>kernel envs replay --env ID [--state v1,v2,...] --actions FILE [--option key=value ...] [--seed N]</c>:
/// makes the env, resets it with the seed (0 unless given), overwrites its state if --state is given, applies the
/// actions of FILE (a JSON array whose items are arrays of numbers, or numbers for discrete and 1-D action
/// spaces) and prints one JSON line per step (step, action, observation, reward, terminated, truncated, state; a
/// non-finite number as the string "NaN", "Infinity" or "-Infinity"), stopping when the episode ends. Bad input: one
/// line on stderr naming the parameter, exit 2; dynamics that break down (an observation that leaves the finite
/// range, or a MuJoCo simulation that went unstable: MuJoCo flagged a bad qpos, qvel or qacc and reset the state):
/// one line naming the env, step and what broke, exit 3 as in training; a MuJoCo env without its library: one line on
/// stderr, exit 1.
/// </summary>
internal static class EnvsCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List the registered envs: id, observation space, action space, time limit.");
        list.SetAction(_ => List());

        var env = new Option<string>("--env")
        {
            Description = $"Env id: {string.Join(", ", Registry.Registered.Select(r => r.Id))}.",
            Required = true,
        };
        var state = new Option<string?>("--state")
        {
            Description = "Comma-separated internal state to start from (as printed in the 'state' field), e.g. 0.1,0,-0.05,0.",
        };
        var actions = new Option<string>("--actions")
        {
            Description = "JSON file: an array of actions, each an array of numbers (or a number for a discrete or 1-D action space).",
            Required = true,
        };
        var options = new Option<string[]>("--option")
        {
            Description = "Env constructor option key=value (repeatable), e.g. --option g=9.81.",
            DefaultValueFactory = _ => [],
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the reset before the state is applied.",
            DefaultValueFactory = _ => 0,
        };
        var replay = new Command("replay", "Apply a list of actions to an env and print one JSON line per step.")
        {
            env,
            state,
            actions,
            options,
            seed,
        };
        replay.SetAction(result => Replay(
            result.GetValue(env)!,
            result.GetValue(state),
            result.GetValue(actions)!,
            result.GetValue(options) ?? [],
            result.GetValue(seed),
            Console.Out,
            Console.Error));

        var infoEnv = new Option<string>("--env")
        {
            Description = $"Env id: {string.Join(", ", Registry.Registered.Select(r => r.Id))}.",
            Required = true,
        };
        var infoOptions = new Option<string[]>("--option")
        {
            Description = "Env constructor option key=value (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var mjcf = new Option<string?>("--mjcf")
        {
            Description = "MuJoCo envs: also write the MJCF text the model was compiled from to this file.",
        };
        var info = new Command("info", "Print an env's spaces, time limit and (MuJoCo) compiled model facts as JSON.")
        {
            infoEnv,
            infoOptions,
            mjcf,
        };
        info.SetAction(result => Info(result.GetValue(infoEnv)!, result.GetValue(infoOptions) ?? [], result.GetValue(mjcf), Console.Out, Console.Error));

        return new Command("envs", "Inspect the registered environments.")
        {
            list,
            info,
            replay,
        };
    }

    /// <summary>The info command itself, writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.</summary>
    public static int Info(string envId, IReadOnlyList<string> optionItems, string? mjcfPath, TextWriter output, TextWriter error)
    {
        const string Prefix = "kernel envs info: ";
        if (!TryMake(envId, optionItems, Prefix, error, out IEnv? env, out int code))
        {
            return code;
        }

        try
        {
            if (mjcfPath is not null)
            {
                if (env is not MuJoCoEnv { Model.Xml: { } xml })
                {
                    error.WriteLine($"{Prefix}--mjcf: {envId} is not a MuJoCo env; only MuJoCo envs have an MJCF model.");
                    return 2;
                }

                try
                {
                    File.WriteAllText(mjcfPath, xml);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    error.WriteLine($"{Prefix}--mjcf {mjcfPath}: cannot write the file ({e.Message}).");
                    return 2;
                }
            }

            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("id", env.Id);
                writer.WriteNumber("max_episode_steps", Registry.Registered.First(r => r.Id == envId).MaxEpisodeSteps);
                WriteSpace(writer, "observation_space", env.ObservationSpace);
                WriteSpace(writer, "action_space", env.ActionSpace);
                writer.WriteNumber("state_size", env.StateSize);
                if (env is MuJoCoEnv mujoco)
                {
                    writer.WriteNumber("frame_skip", mujoco.FrameSkip);
                    writer.WriteNumber("dt", mujoco.Dt);
                    WriteModel(writer, MuJoCoModelFacts.Of(mujoco.Model));
                }

                writer.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return 0;
        }
        finally
        {
            env.Dispose();
        }
    }

    /// <summary>The replay itself, writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.</summary>
    public static int Replay(string envId, string? stateText, string actionsPath, IReadOnlyList<string> optionItems, ulong seed, TextWriter output, TextWriter error)
    {
        const string Prefix = "kernel envs replay: ";
        if (!TryMake(envId, optionItems, Prefix, error, out IEnv? env, out int code))
        {
            return code;
        }

        using IEnv owned = env;
        if (!TryReadActions(actionsPath, env, out double[][] actionList, out string? problem))
        {
            error.WriteLine($"{Prefix}--actions {actionsPath}: {problem}");
            return 2;
        }

        var observation = new double[env.ObservationSpace.Dimension];
        var stateBuffer = new double[env.StateSize];
        env.Reset(seed, observation);
        if (stateText is not null)
        {
            if (!TryParseState(stateText, env, out double[] values, out problem))
            {
                error.WriteLine($"{Prefix}--state '{stateText}': {problem}");
                return 2;
            }

            try
            {
                env.SetState(values);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"{Prefix}--state '{stateText}': {UsageError.Describe(e)}");
                return 2;
            }
        }

        var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        for (int step = 0; step < actionList.Length; step++)
        {
            StepResult result;
            try
            {
                result = env.Step(actionList[step], observation);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"{Prefix}--actions {actionsPath}: action {step}: {UsageError.Describe(e)}");
                return 2;
            }
            catch (EnvInstabilityException e)
            {
                // A numerical breakdown, as in training (exit 3); for MuJoCo the state was also reset, so later steps would replay from elsewhere.
                error.WriteLine($"{Prefix}{e.Message.TrimEnd('.')}; no later step was applied.");
                return 3;
            }
            catch (InvalidOperationException e)
            {
                error.WriteLine($"{Prefix}{e.Message}");
                return 1;
            }

            env.GetState(stateBuffer);
            buffer.SetLength(0);
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteNumber("step", step + 1);
            WriteArray(writer, "action", actionList[step]);
            WriteArray(writer, "observation", observation);
            writer.WritePropertyName("reward");
            WriteNumberValue(writer, result.Reward);
            writer.WriteBoolean("terminated", result.Terminated);
            writer.WriteBoolean("truncated", result.Truncated);
            WriteArray(writer, "state", stateBuffer);
            writer.WriteEndObject();
            writer.Flush();
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            if (result.Done && step + 1 < actionList.Length)
            {
                error.WriteLine(
                    $"{Prefix}the episode {(result.Terminated ? "terminated" : "was truncated")} at step {step + 1}; the remaining {actionList.Length - step - 1} actions were not applied.");
                break;
            }
        }

        return 0;
    }

    private static int List()
    {
        var table = new Table().Title("registered envs");
        table.AddColumns("id", "observation space", "action space", "time limit", "description");
        foreach (EnvRegistration registration in Registry.Registered)
        {
            string observationSpace;
            string actionSpace;
            try
            {
                IEnv env = Registry.Make(registration.Id);
                observationSpace = Describe(env.ObservationSpace);
                actionSpace = Describe(env.ActionSpace);
                env.Dispose();
            }
            catch (DllNotFoundException e)
            {
                // A MuJoCo env on a machine without libmujoco: the rest of the list still works.
                observationSpace = UsageError.Describe(e);
                actionSpace = "-";
            }

            table.AddRow(
                Markup.Escape(registration.Id),
                Markup.Escape(observationSpace),
                Markup.Escape(actionSpace),
                registration.MaxEpisodeSteps.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(registration.Description));
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        }

        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>Makes the env for a command; on failure writes the one line and sets the exit code (2 bad input, 1 missing library).</summary>
    private static bool TryMake(string envId, IReadOnlyList<string> optionItems, string prefix, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnv? env, out int code)
    {
        env = null;
        code = 0;
        EnvOptions envOptions;
        try
        {
            envOptions = EnvOptions.Parse(optionItems);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"{prefix}--option: {UsageError.Describe(e)}");
            code = 2;
            return false;
        }

        try
        {
            env = Registry.Make(envId, envOptions);
            return true;
        }
        catch (ArgumentException e)
        {
            // An unknown id is --env's fault; any other ArgumentException comes from the options.
            bool known = Registry.Registered.Any(r => r.Id == envId);
            error.WriteLine($"{prefix}{(known ? "--option" : "--env")}: {UsageError.Describe(e)}");
            code = 2;
            return false;
        }
        catch (DllNotFoundException e)
        {
            error.WriteLine($"{prefix}{envId}: {UsageError.Describe(e)}");
            code = 1;
            return false;
        }
    }

    private static void WriteSpace(Utf8JsonWriter writer, string name, Space space)
    {
        writer.WriteStartObject(name);
        switch (space)
        {
            case DiscreteSpace discrete:
                writer.WriteString("type", "Discrete");
                writer.WriteNumber("n", discrete.Count);
                break;
            case BoxSpace box:
                writer.WriteString("type", "Box");
                writer.WriteNumber("dimension", box.Dimension);
                WriteBounds(writer, "low", box.Low);
                WriteBounds(writer, "high", box.High);
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>Bounds as numbers, with infinities as the strings "inf" and "-inf" (JSON has no infinity).</summary>
    private static void WriteBounds(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteStringValue(value > 0 ? "inf" : "-inf");
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteModel(Utf8JsonWriter writer, MuJoCoModelFacts facts)
    {
        writer.WriteStartObject("model");
        writer.WriteNumber("nq", facts.Nq);
        writer.WriteNumber("nv", facts.Nv);
        writer.WriteNumber("nu", facts.Nu);
        writer.WriteNumber("timestep", facts.Timestep);
        writer.WriteString("integrator", facts.Integrator.ToString());
        writer.WriteString("solver", facts.Solver.ToString());
        writer.WriteNumber("iterations", facts.Iterations);
        writer.WriteString("cone", facts.Cone.ToString());
        WriteArray(writer, "gravity", [.. facts.Gravity]);
        writer.WriteNumber("total_mass", facts.TotalMass);
        WriteObjects(writer, "bodies", facts.Bodies, body =>
        {
            writer.WriteNumber("id", body.Id);
            writer.WriteString("name", body.Name);
            writer.WriteString("parent", body.Parent);
            writer.WriteNumber("mass", body.Mass);
        });
        WriteObjects(writer, "joints", facts.Joints, joint =>
        {
            writer.WriteNumber("id", joint.Id);
            writer.WriteString("name", joint.Name);
            writer.WriteString("type", joint.Type.ToString().ToLowerInvariant());
            writer.WriteString("body", joint.Body);
            writer.WriteNumber("qpos_address", joint.QposAddress);
            writer.WriteNumber("dof_address", joint.DofAddress);
            writer.WriteBoolean("limited", joint.Limited);
            if (joint.Limited)
            {
                WriteArray(writer, "range", [joint.RangeLow, joint.RangeHigh]);
            }

            writer.WriteNumber("damping", joint.Damping);
            writer.WriteNumber("armature", joint.Armature);
            writer.WriteNumber("stiffness", joint.Stiffness);
        });
        WriteObjects(writer, "actuators", facts.Actuators, actuator =>
        {
            writer.WriteNumber("id", actuator.Id);
            writer.WriteString("name", actuator.Name);
            writer.WriteString("joint", actuator.Joint);
            writer.WriteNumber("gear", actuator.Gear);
            writer.WriteBoolean("ctrllimited", actuator.CtrlLimited);
            WriteArray(writer, "ctrlrange", [actuator.CtrlLow, actuator.CtrlHigh]);
        });
        writer.WriteEndObject();
    }

    /// <summary>An array <paramref name="name"/> of one object per item, its fields written by <paramref name="writeFields"/>.</summary>
    private static void WriteObjects<TItem>(Utf8JsonWriter writer, string name, IEnumerable<TItem> items, Action<TItem> writeFields)
    {
        writer.WriteStartArray(name);
        foreach (TItem item in items)
        {
            writer.WriteStartObject();
            writeFields(item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string Describe(Space space) => space switch
    {
        DiscreteSpace discrete => $"Discrete({discrete.Count})",
        BoxSpace box => $"Box({box.Dimension}) low [{Numbers(box.Low)}] high [{Numbers(box.High)}]",
        _ => space.ToString() ?? space.GetType().Name,
    };

    private static string Numbers(ReadOnlySpan<double> values)
    {
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            parts[i] = values[i] switch
            {
                double.PositiveInfinity => "inf",
                double.NegativeInfinity => "-inf",
                double v => v.ToString("G4", CultureInfo.InvariantCulture),
            };
        }

        return string.Join(", ", parts);
    }

    private static bool TryReadActions(string path, IEnv env, out double[][] actions, out string? problem)
    {
        actions = [];
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot read the file ({e.Message}).";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message}).";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problem = $"expected a JSON array of actions, found a {document.RootElement.ValueKind}.";
                return false;
            }

            int dimension = env.ActionSpace.Dimension;
            var list = new List<double[]>();
            int index = 0;
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                JsonElement[] elements;
                if (item.ValueKind == JsonValueKind.Number)
                {
                    elements = [item];
                }
                else if (item.ValueKind == JsonValueKind.Array)
                {
                    elements = [.. item.EnumerateArray()];
                }
                else
                {
                    problem = $"action {index} is a {item.ValueKind}; expected an array of numbers or a number.";
                    return false;
                }

                if (elements.Length != dimension)
                {
                    problem = $"action {index} has {elements.Length} values; {env.Id}'s action space {Describe(env.ActionSpace)} needs {dimension}.";
                    return false;
                }

                var action = new double[dimension];
                for (int k = 0; k < dimension; k++)
                {
                    if (elements[k].ValueKind != JsonValueKind.Number)
                    {
                        problem = $"action {index}: element {k} is a {elements[k].ValueKind}, not a number.";
                        return false;
                    }

                    if (!elements[k].TryGetDouble(out action[k]) || !double.IsFinite(action[k]))
                    {
                        problem = $"action {index}: element {k} = {elements[k].GetRawText()} is not a finite number.";
                        return false;
                    }
                }

                if (env.ActionSpace is DiscreteSpace discrete && !discrete.Contains(action))
                {
                    problem = $"action {index} = {action[0].ToString(CultureInfo.InvariantCulture)} is not one of 0..{discrete.Count - 1} ({env.Id}'s action space is Discrete({discrete.Count})).";
                    return false;
                }

                list.Add(action);
                index++;
            }

            actions = [.. list];
            problem = null;
            return true;
        }
    }

    private static bool TryParseState(string text, IEnv env, out double[] values, out string? problem)
    {
        string[] parts = text.Split(',');
        values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                problem = $"value {i} '{parts[i].Trim()}' is not a finite number.";
                return false;
            }
        }

        if (values.Length != env.StateSize)
        {
            problem = $"{values.Length} values were given; {env.Id}'s state has {env.StateSize}.";
            return false;
        }

        problem = null;
        return true;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
        {
            WriteNumberValue(writer, value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A number, or "NaN", "Infinity" or "-Infinity" as a string (JSON has no literal for them; metrics.jsonl writes them the same way).</summary>
    private static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
