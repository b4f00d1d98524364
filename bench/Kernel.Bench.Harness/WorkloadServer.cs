using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kernel.Bench.Harness;

/// <summary>
/// The contender side of bench/compare's line protocol: one JSON object per line on standard input, one answer per
/// line on standard output, until "quit" or the end of input. Requests:
/// <list type="bullet">
/// <item><c>{"cmd":"info"}</c>: <c>{"ok":true,"contender":..,"details":..}</c>;</item>
/// <item><c>{"cmd":"list"}</c>: <c>{"ok":true,"workloads":[{"name","precision","threads","ops_per_run","flops","bytes"}]}</c>;</item>
/// <item><c>{"cmd":"check","name","precision","threads"}</c>: <c>{"ok":true,"values":{"loss":[..],..}}</c> from a fresh instance;</item>
/// <item><c>{"cmd":"time","name","precision","threads","seconds"}</c>: <c>{"ok":true,"median_ns","min_ns","operations","alloc_bytes"}</c>
/// per operation; the instance is built on first use and kept, so later rounds time the same warmed-up objects.</item>
/// </list>
/// A failure answers <c>{"ok":false,"error":".."}</c> and the server goes on. The timed workloads stay alive until the
/// server stops. bench/peers/pytorch_bench.py speaks the same protocol. Thread-safety: one server per process, one thread.
/// </summary>
public sealed class WorkloadServer : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly string contender;
    private readonly string details;
    private readonly Dictionary<WorkloadKey, WorkloadDefinition> definitions = [];
    private readonly Dictionary<WorkloadKey, IWorkload> live = [];

    /// <summary>Creates a server for a contender's workloads.</summary>
    /// <param name="contender">The contender's name as the table shows it ("Kernel", "TorchSharp").</param>
    /// <param name="details">Versions and settings worth reporting (library versions, BLAS, SIMD width).</param>
    /// <param name="workloads">The workloads, with distinct keys.</param>
    public WorkloadServer(string contender, string details, IEnumerable<WorkloadDefinition> workloads)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contender);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(workloads);
        this.contender = contender;
        this.details = details;
        foreach (WorkloadDefinition definition in workloads)
        {
            if (!definitions.TryAdd(definition.Key, definition))
            {
                throw new ArgumentException($"two workloads have the key {definition.Key}; keys must be distinct.", nameof(workloads));
            }
        }
    }

    /// <summary>Answers requests from <paramref name="input"/> on <paramref name="output"/> until "quit" or the end of input.</summary>
    public void Serve(TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        while (input.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            JsonObject answer;
            bool quit = false;
            try
            {
                JsonObject request = JsonNode.Parse(line)?.AsObject() ?? throw new FormatException("the request is not a JSON object.");
                string command = request["cmd"]?.GetValue<string>() ?? throw new FormatException("the request has no \"cmd\".");
                quit = command == "quit";
                answer = command switch
                {
                    "quit" => new JsonObject(),
                    "info" => new JsonObject { ["contender"] = contender, ["details"] = details },
                    "list" => List(),
                    "check" => Check(KeyOf(request)),
                    "time" => Time(KeyOf(request), request["seconds"]?.GetValue<double>() ?? throw new FormatException("\"time\" needs \"seconds\".")),
                    _ => throw new FormatException($"unknown command \"{command}\"; known: info, list, check, time, quit."),
                };
                answer["ok"] = true;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                answer = new JsonObject { ["ok"] = false, ["error"] = $"{exception.GetType().Name}: {exception.Message}" };
            }

            output.WriteLine(answer.ToJsonString(JsonOptions));
            output.Flush();
            if (quit)
            {
                return;
            }
        }
    }

    /// <summary>Disposes the workloads that timing requests kept alive.</summary>
    public void Dispose()
    {
        foreach (IWorkload workload in live.Values)
        {
            workload.Dispose();
        }

        live.Clear();
    }

    private JsonObject List()
    {
        var workloads = new JsonArray();
        foreach (WorkloadDefinition definition in definitions.Values)
        {
            workloads.Add(new JsonObject
            {
                ["name"] = definition.Key.Name,
                ["precision"] = definition.Key.Precision,
                ["threads"] = definition.Key.Threads,
                ["ops_per_run"] = definition.OperationsPerRun,
                ["flops"] = definition.Flops,
                ["bytes"] = definition.Bytes,
            });
        }

        return new JsonObject { ["workloads"] = workloads };
    }

    private JsonObject Check(WorkloadKey key)
    {
        using IWorkload workload = Find(key).Create();
        workload.Activate();
        var values = new JsonObject();
        foreach ((string name, double[] vector) in workload.Check())
        {
            values[name] = JsonSerializer.SerializeToNode(vector, JsonOptions);
        }

        return new JsonObject { ["values"] = values };
    }

    private JsonObject Time(WorkloadKey key, double seconds)
    {
        WorkloadDefinition definition = Find(key);
        if (!live.TryGetValue(key, out IWorkload? workload))
        {
            workload = definition.Create();
            live[key] = workload;
        }

        workload.Activate();
        TimingSample sample = OperationTimer.Measure(workload, seconds, definition.OperationsPerRun);
        return new JsonObject
        {
            ["median_ns"] = sample.MedianNanoseconds,
            ["min_ns"] = sample.MinimumNanoseconds,
            ["operations"] = sample.Operations,
            ["alloc_bytes"] = sample.AllocatedBytesPerOperation,
        };
    }

    private WorkloadDefinition Find(WorkloadKey key)
        => definitions.TryGetValue(key, out WorkloadDefinition? definition)
            ? definition
            : throw new KeyNotFoundException($"{contender} serves no workload {key}.");

    private static WorkloadKey KeyOf(JsonObject request)
    {
        string name = request["name"]?.GetValue<string>() ?? throw new FormatException("the request has no \"name\".");
        string precision = request["precision"]?.GetValue<string>() ?? throw new FormatException("the request has no \"precision\".");
        int threads = request["threads"]?.GetValue<int>() ?? throw new FormatException("the request has no \"threads\".");
        return new WorkloadKey(name, precision, threads);
    }
}
