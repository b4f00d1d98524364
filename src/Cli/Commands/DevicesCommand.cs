using System.CommandLine;
using System.Globalization;
using Kernel.Kernels.Devices;
using Kernel.Kernels.Gpu;
using Spectre.Console;

namespace Kernel.Cli.Commands;

/// <summary>
/// <c>kernel devices</c>: lists the devices present (cpu, ilgpu-cpu, and every CUDA GPU with its name and memory).
/// <c>kernel devices --check DEVICE [--precision fp16|fp32|fp64|all]</c>: runs the device's parity checks against the
/// CPU (<see cref="DeviceCheck"/>) and prints one row per check. Exit codes: 0 all passed, 1 a check failed, 2 bad
/// input or the device is not present (one line naming it and listing what is).
/// </summary>
internal static class DevicesCommand
{
    private const string Prefix = "kernel devices: ";

    public static Command Create()
    {
        var check = new Option<string?>("--check")
        {
            Description = "Run the parity checks on this device against the CPU: ilgpu-cpu or cuda.",
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Precisions of the checks: fp16, fp32, fp64, or all.",
            DefaultValueFactory = _ => "all",
        };
        precision.AcceptOnlyFromAmong("fp16", "fp32", "fp64", "all");
        var command = new Command("devices", "List the devices present, or check one against the CPU (--check).")
        {
            check,
            precision,
        };
        command.SetAction(result => result.GetValue(check) is { } device ? Check(device, result.GetValue(precision)!) : List());
        return command;
    }

    private static int List()
    {
        IReadOnlyList<DeviceDescription> devices = GpuDevice.Available();
        var table = new Table().Title("devices (kernel train --device NAME)");
        table.AddColumns("device", "name", "memory");
        foreach (DeviceDescription d in devices)
        {
            table.AddRow(Markup.Escape($"{DeviceNames.Of(d.Kind)}:{d.Index}"), Markup.Escape(d.Name), Gibibytes(d.MemoryBytes));
        }

        WideOutput();
        AnsiConsole.Write(table);
        if (!devices.Any(d => d.Kind == DeviceKind.Cuda))
        {
            Console.WriteLine("no CUDA device: no NVIDIA driver, or no GPU visible to this process");
        }

        return 0;
    }

    private static int Check(string name, string precision)
    {
        DeviceKind? requested = name.ToLowerInvariant() switch
        {
            "cuda" => DeviceKind.Cuda,
            "ilgpu-cpu" => DeviceKind.IlgpuCpu,
            _ => null,
        };
        if (requested is not { } kind)
        {
            Console.Error.WriteLine($"{Prefix}check = {name}: must be ilgpu-cpu or cuda (the checks compare a device with the CPU).");
            return 2;
        }

        string[] precisions = precision == "all" ? ["fp16", "fp32", "fp64"] : [precision];
        Console.WriteLine($"checking {name} against cpu in {string.Join(", ", precisions)}");
        IReadOnlyList<DeviceCheck.Row> rows;
        try
        {
            rows = DeviceCheck.Run(kind, precisions, row =>
            {
                if (!row.Passed)
                {
                    Console.WriteLine($"FAIL {row.Check} {row.Case} {row.Precision}: {row.Detail}");
                }
            });
        }
        catch (DeviceNotAvailableException e)
        {
            Console.Error.WriteLine($"{Prefix}{e.Message}");
            return 2;
        }

        var table = new Table().Title($"{name} against cpu");
        table.AddColumns("check", "case", "precision", "result", "detail");
        foreach (DeviceCheck.Row row in rows)
        {
            table.AddRow(Markup.Escape(row.Check), Markup.Escape(row.Case), row.Precision, row.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(row.Detail));
        }

        WideOutput();
        AnsiConsole.Write(table);
        int failed = rows.Count(r => !r.Passed);
        AnsiConsole.MarkupLine(failed == 0 ? $"[green]{rows.Count} checks passed on {name}[/]" : $"[red]{failed} of {rows.Count} checks failed on {name}[/]");
        return failed == 0 ? 0 : 1;
    }

    private static string Gibibytes(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " GiB";

    /// <summary>Piped output has no terminal width; keep one row per line rather than wrapping at 80 columns.</summary>
    private static void WideOutput()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        }
    }
}
