using ScottPlot;
using SkiaSharp;

namespace Kernel.Plots;

/// <summary>
/// The font every plot is drawn with: DejaVu Sans, shipped inside this assembly (Fonts/DejaVuSans.ttf, Bitstream Vera
/// licence with public-domain DejaVu changes, see Fonts/LICENSE-DejaVuSans.txt), so plots have text on a machine with
/// no fonts installed and look the same on every machine. <see cref="Use"/> registers it with ScottPlot once and makes
/// it the default; bold and italic requests get the regular face.
/// Thread-safety: <see cref="Use"/> may be called from any thread.
/// </summary>
public sealed class PlotFont : IFontResolver
{
    /// <summary>The family name plots ask for (distinct from an installed "DejaVu Sans", so the shipped file is always the one used).</summary>
    public const string FamilyName = "Kernel DejaVu Sans";

    private const string ResourceName = "Kernel.Plots.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<PlotFont> Instance = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SKData data;

    private PlotFont(SKData data) => this.data = data;

    /// <summary>Registers the shipped font (once) and makes it ScottPlot's default for plots created from now on.</summary>
    /// <exception cref="InvalidOperationException">The font resource is missing or SkiaSharp cannot read it.</exception>
    public static void Use()
    {
        _ = Instance.Value;
        Fonts.Default = FamilyName;
    }

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
        => fontName == FamilyName ? SKTypeface.FromData(data) : null;

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        => fontName == FamilyName ? SKTypeface.FromData(data) : null;

    private static PlotFont Register()
    {
        using Stream stream = typeof(PlotFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the plot font {ResourceName} is missing from {typeof(PlotFont).Assembly.GetName().Name}.");
        SKData data = SKData.Create(stream);
        using (SKTypeface? probe = SKTypeface.FromData(data))
        {
            if (probe is null)
            {
                throw new InvalidOperationException($"SkiaSharp cannot read the plot font {ResourceName}.");
            }
        }

        var font = new PlotFont(data);
        Fonts.FontResolvers.Insert(0, font);
        return font;
    }
}
