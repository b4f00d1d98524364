using System.Text.Json;
using System.Text.Json.Serialization;
using Kernel.Algorithms.Files;

namespace Kernel.Experiments.Sweeps;

/// <summary>
/// A cell's state as its runner records it in cell.json (written atomically, so a reader never sees half a file).
/// </summary>
/// <param name="Id">The cell's id.</param>
/// <param name="State">Where it stands.</param>
/// <param name="ExitCode">The last child's exit code, null while none has exited.</param>
/// <param name="Attempts">How many times a child was started for it.</param>
/// <param name="WallSeconds">Seconds its children ran, all attempts together.</param>
/// <param name="Host">The machine of the last attempt.</param>
/// <param name="StartedUtc">When the last attempt started.</param>
/// <param name="FinishedUtc">When the last attempt ended (null while running).</param>
/// <param name="Message">For a failed cell, the last lines of the child's output; for others a short note or null.</param>
public sealed record CellStatus(
    string Id,
    CellState State,
    int? ExitCode,
    int Attempts,
    double WallSeconds,
    string? Host,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    string? Message)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Whether the cell needs no more work (finished or exploded).</summary>
    [JsonIgnore]
    public bool Done => State is CellState.Finished or CellState.Exploded;

    /// <summary>The state of a cell that has never run.</summary>
    public static CellStatus NotStarted(string id) => new(id, CellState.Pending, null, 0, 0, null, null, null, null);

    /// <summary>Reads cell.json at <paramref name="path"/>; a missing file is a pending cell.</summary>
    /// <exception cref="InvalidDataException">The file is not a cell status.</exception>
    public static CellStatus Read(string path, string id)
    {
        if (!File.Exists(path))
        {
            return NotStarted(id);
        }

        try
        {
            return JsonSerializer.Deserialize<CellStatus>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds null, not a cell status.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a cell status: {e.Message}", e);
        }
    }

    /// <summary>Writes this status to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
