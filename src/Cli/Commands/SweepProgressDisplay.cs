using System.Globalization;
using Kernel.Experiments.Sweeps;
using Spectre.Console;

namespace Kernel.Cli.Commands;

/// <summary>
/// Shows a sweep's progress: on a terminal a live panel (cells done / running / exploded / failed, elapsed, ETA from
/// the finished cells, the last events); when output is redirected one plain line per event, so logs read well.
/// </summary>
internal static class SweepProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> while showing the progress it reports.</summary>
    public static async Task<T> RunAsync<T>(Func<IProgress<SweepProgress>, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new Progress(line => Console.WriteLine(line))).ConfigureAwait(false);
        }

        T result = default!;
        var events = new Queue<string>();
        await AnsiConsole.Live(new Text("starting...")).StartAsync(async context =>
        {
            result = await work(new Progress(_ => { }, snapshot =>
            {
                lock (events)
                {
                    events.Enqueue(snapshot.LastEvent);
                    while (events.Count > 6)
                    {
                        events.Dequeue();
                    }

                    context.UpdateTarget(Panel(snapshot, [.. events]));
                    context.Refresh();
                }
            })).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    /// <summary>One line for a snapshot, e.g. "[12/16 done, 2 running, 1 exploded, 0 failed, 00:01:10, eta 00:00:20] ...".</summary>
    public static string Line(SweepProgress snapshot) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{snapshot.Done}/{snapshot.Total} done, {snapshot.Running} running, {snapshot.Exploded} exploded, {snapshot.Failed} failed, {snapshot.Elapsed:hh\\:mm\\:ss}{(snapshot.Eta is { } eta ? $", eta {eta:hh\\:mm\\:ss}" : string.Empty)}] {snapshot.LastEvent}");

    private static Panel Panel(SweepProgress snapshot, string[] events)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("done", $"{snapshot.Done} / {snapshot.Total} ({snapshot.Exploded} exploded)");
        grid.AddRow("running", snapshot.Running.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("failed", snapshot.Failed == 0 ? "0" : $"[red]{snapshot.Failed}[/]");
        grid.AddRow("elapsed", snapshot.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        grid.AddRow("eta", snapshot.Eta is { } eta ? eta.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "after the first cell");
        foreach (string line in events)
        {
            grid.AddRow(string.Empty, Markup.Escape(line));
        }

        return new Panel(grid).Header("kernel sweep");
    }

    private sealed class Progress(Action<string> print, Action<SweepProgress>? show = null) : IProgress<SweepProgress>
    {
        private readonly object gate = new();

        public void Report(SweepProgress value)
        {
            lock (gate)
            {
                print(Line(value));
                show?.Invoke(value);
            }
        }
    }
}
