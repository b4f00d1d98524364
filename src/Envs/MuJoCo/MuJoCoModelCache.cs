using Kernel.Envs.MuJoCo.Mjcf;
using Kernel.Envs.MuJoCo.Native;

namespace Kernel.Envs.MuJoCo;

/// <summary>
/// Compiled models shared by MJCF text: every env made from the same model definition (for example the copies of a
/// <see cref="VectorEnv"/>) steps its own <see cref="MuJoCoData"/> against one compiled <see cref="MuJoCoModel"/>,
/// which MuJoCo only reads. Entries are weak: a model is compiled again after every env using it is gone, and the
/// old one is freed by its finalizer. Do not dispose a shared model; dispose the envs.
/// Thread-safety: every member may be called from any thread.
/// </summary>
public static class MuJoCoModelCache
{
    private static readonly Dictionary<string, WeakReference<MuJoCoModel>> Models = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The compiled model of <paramref name="mjcf"/>, compiling it if no live env holds it.</summary>
    public static MuJoCoModel Get(MjcfModel mjcf)
    {
        ArgumentNullException.ThrowIfNull(mjcf);
        return Get(mjcf.ToXml());
    }

    /// <summary>The compiled model of the MJCF text <paramref name="xml"/>, compiling it if no live env holds it.</summary>
    public static MuJoCoModel Get(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        lock (Gate)
        {
            if (Models.TryGetValue(xml, out WeakReference<MuJoCoModel>? reference) && reference.TryGetTarget(out MuJoCoModel? cached) && !cached.IsDisposed)
            {
                return cached;
            }

            MuJoCoModel model = MuJoCoModel.FromXml(xml);
            foreach (KeyValuePair<string, WeakReference<MuJoCoModel>> entry in Models.Where(e => !e.Value.TryGetTarget(out _)).ToArray())
            {
                Models.Remove(entry.Key);
            }

            Models[xml] = new WeakReference<MuJoCoModel>(model);
            return model;
        }
    }
}
