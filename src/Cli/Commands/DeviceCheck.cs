using System.Numerics;
using Kernel.Algorithms.Registry;
using Kernel.Algorithms.Training;
using Kernel.Autodiff;
using Kernel.Autodiff.Checking;
using Kernel.Autodiff.Gpu;
using Kernel.Autodiff.Monitor;
using Kernel.Autodiff.Ops;
using Kernel.Autodiff.Storage;
using Kernel.Kernels.Devices;
using Kernel.Kernels.Gpu;

namespace Kernel.Cli.Commands;

/// <summary>
/// The checks of <c>kernel devices --check</c> on one device, each against the CPU: every tape op and composite of the
/// gradcheck battery plus an MLP over odd shapes (output, gradient, JVP, double backward; <see cref="BackendParity"/>'s
/// tolerance) in fp16, fp32 and fp64; the battery's fp64 derivatives on the device against finite differences; the
/// numerics monitor's report of an fp16 overflow; and a short PPO run (<see cref="TrainingParity"/>). A device that is
/// not present fails before any check with <see cref="DeviceNotAvailableException"/>.
/// </summary>
internal static class DeviceCheck
{
    /// <summary>One row of the report.</summary>
    public sealed record Row(string Check, string Case, string Precision, bool Passed, string Detail);

    /// <summary>Runs every check on <paramref name="kind"/>:0 in <paramref name="precisions"/>, reporting each row as it completes.</summary>
    public static IReadOnlyList<Row> Run(DeviceKind kind, IReadOnlyList<string> precisions, Action<Row> report)
    {
        var rows = new List<Row>();
        void Add(Row row)
        {
            rows.Add(row);
            report(row);
        }

        using GpuDevice device = GpuDevice.Open(kind);

        // The MLP's sizes cross tile edges on either device: a few 16 x 16 tiles on CUDA, many 4 x 4 tiles (slowly) on the ILGPU CPU accelerator.
        MlpParityCase mlp = kind == DeviceKind.Cuda ? new MlpParityCase(batch: 257, features: 67, hidden: 129, classes: 7) : new MlpParityCase(batch: 21, features: 11, hidden: 19, classes: 5);
        foreach (string precision in precisions)
        {
            switch (precision)
            {
                case "fp16": Parity<Half>(device, mlp, Add); break;
                case "fp32": Parity<float>(device, mlp, Add); break;
                default: Parity<double>(device, mlp, Add); break;
            }
        }

        using (GpuBackend<double> fp64 = GpuBackend<double>.Create(device))
        {
            foreach (GradCheckResult r in GradCheckBattery.Run(GradCheckBattery.Cases, backend: fp64))
            {
                Add(new Row("gradcheck", r.Function, r.Precision, r.Passed, $"{r.Mode}: max abs {r.MaxAbsoluteError:G3}, max rel {r.MaxRelativeError:G3}"));
            }
        }

        Add(Monitor(device));
        foreach (string precision in precisions.Where(p => p != "fp16"))
        {
            TrainingParityResult training = TrainingParity.Compare(TrainingParity.PendulumCheck(Settings.Parse<NumericPrecision>("precision", precision)), kind);
            Add(new Row("training", "ppo Pendulum-v1, 3 updates", precision, training.Passed, $"worst {training.Worst}: error {training.Error:G3} <= {training.Tolerance:G3}"));
        }

        return rows;
    }

    private static void Parity<T>(GpuDevice device, MlpParityCase mlp, Action<Row> add)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using GpuBackend<T> backend = GpuBackend<T>.Create(device);
        foreach (ParityResult r in BackendParity.Run(GradCheckBattery.Cases, backend).Append(BackendParity.Compare(mlp, mlp.Sample(new Random(11)), backend)))
        {
            string kind = r.Exact ? "bitwise" : $"<= {BackendParity.InexactBound} u";
            add(new Row("parity", r.Function, r.Precision, r.Passed, $"{kind}: worst {r.Worst} error {r.Error:G3} (bound {r.Bound:G3})"));
        }
    }

    /// <summary>exp overflows fp16 at one element: the device's monitor must report it exactly as the CPU's does.</summary>
    private static Row Monitor(GpuDevice device)
    {
        using GpuBackend<Half> backend = GpuBackend<Half>.Create(device);
        string host = Overflow(new CpuBackend<Half>());
        string onDevice = Overflow(backend);
        return new Row("monitor", "fp16 exp overflow", "fp16", host == onDevice, onDevice.Split('\n')[0].Trim());
    }

    private static string Overflow(ComputeBackend<Half> backend)
    {
        var tape = new Tape<Half>(backend) { Monitor = new NumericsMonitor<Half>() };
        Tensor<Half> logRatio = tape.Variable(Shape.Vector(5), [(Half)0.5, (Half)(-1), (Half)3, (Half)12, (Half)13], "log_ratio");
        logRatio.Exp("ratio").Sum("loss");
        return tape.Monitor.FirstAnomaly?.Describe() ?? "no anomaly reported";
    }
}
