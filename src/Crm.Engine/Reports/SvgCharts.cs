using System.Globalization;
using System.Net;
using System.Text;

namespace Crm.Engine.Reports;

/// <summary>
/// Draws the report's charts as inline SVG. Every chart is an <c>img</c> with a title and a description, has a fixed
/// view box (so it always has a size, even with no data) and a <c>title</c> tooltip on every mark.
/// </summary>
internal static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 40;

    public static string Bars(string id, string title, string description, IReadOnlyList<(string Label, decimal Value, string Tooltip)> bars)
    {
        var svg = Open(id, title, description, Width, Height);
        var max = bars.Count == 0 ? 0m : bars.Max(b => b.Value);
        var scale = max <= 0 ? 0d : (Height - Top - Bottom) / (double)max;
        Axes(svg, max, v => Format(v));
        var slot = (Width - Left - Right) / (double)Math.Max(bars.Count, 1);
        for (var i = 0; i < bars.Count; i++)
        {
            var height = Math.Max((double)bars[i].Value * scale, 1);
            var x = Left + (i * slot) + (slot * 0.15);
            var y = Height - Bottom - height;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{height:0.#}\"><title>{Text(bars[i].Tooltip)}</title></rect>");
            XLabel(svg, x + (slot * 0.35), bars[i].Label, i, bars.Count);
        }

        return Close(svg);
    }

    public static string Line(string id, string title, string description, IReadOnlyList<(string Label, decimal? Value, string Tooltip)> points)
    {
        var svg = Open(id, title, description, Width, Height);
        var max = Math.Max(points.Where(p => p.Value is not null).Select(p => p.Value!.Value).DefaultIfEmpty(0m).Max(), 0.05m);
        var scale = (Height - Top - Bottom) / (double)max;
        Axes(svg, max, v => Percent(v));
        var slot = (Width - Left - Right) / (double)Math.Max(points.Count, 1);
        var path = new StringBuilder();
        var joined = false;
        for (var i = 0; i < points.Count; i++)
        {
            var x = Left + (i * slot) + (slot / 2);
            XLabel(svg, x, points[i].Label, i, points.Count);
            if (points[i].Value is not { } value)
            {
                // An undefined rate (nobody active) breaks the line rather than drawing it as 0.
                joined = false;
                continue;
            }

            var y = Height - Bottom - ((double)value * scale);
            path.Append(CultureInfo.InvariantCulture, $"{(joined ? "L" : "M")}{x:0.#},{y:0.#} ");
            joined = true;
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"4\"><title>{Text(points[i].Tooltip)}</title></circle>");
        }

        var d = path.ToString().Trim();
        if (d.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"line\" d=\"{d}\" fill=\"none\"/>");
        }

        return Close(svg);
    }

    public static string Funnel(string id, string title, string description, IReadOnlyList<(string Name, long Reached, decimal? FromPrevious)> steps)
    {
        const int rowHeight = 48;
        var height = Math.Max(steps.Count, 1) * rowHeight + 16;
        var svg = Open(id, title, description, Width, height);
        var first = steps.Count == 0 ? 0 : Math.Max(steps[0].Reached, 1);
        var full = Width - 310d;
        for (var i = 0; i < steps.Count; i++)
        {
            var width = Math.Max(full * steps[i].Reached / first, 2);
            var x = 8 + ((full - width) / 2);
            var y = 8 + (i * rowHeight);
            var conversion = steps[i].FromPrevious is { } rate ? $" ({Percent(rate)} of previous)" : "";
            var label = $"{steps[i].Name}: {steps[i].Reached.ToString("N0", CultureInfo.InvariantCulture)}{conversion}";
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"funnel\" x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{rowHeight - 10}\" rx=\"4\"><title>{Text(label)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{full + 24:0.#}\" y=\"{y + 24}\" class=\"label\">{Text(label)}</text>");
        }

        return Close(svg);
    }

    public static string Heatmap(string id, string title, string description, IReadOnlyList<(string Label, IReadOnlyList<decimal> Values)> rows)
    {
        const int cell = 44;
        const int labelWidth = 130;
        var columns = rows.Count == 0 ? 1 : Math.Max(rows.Max(r => r.Values.Count), 1);
        var width = labelWidth + (columns * cell) + 8;
        var height = 24 + (Math.Max(rows.Count, 1) * cell) + 8;
        var svg = Open(id, title, description, width, height);
        for (var k = 0; k < columns; k++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{labelWidth + (k * cell) + (cell / 2)}\" y=\"16\" text-anchor=\"middle\">+{k}</text>");
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = 24 + (r * cell);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"4\" y=\"{y + (cell / 2) + 4}\">{Text(rows[r].Label)}</text>");
            for (var k = 0; k < rows[r].Values.Count; k++)
            {
                var value = rows[r].Values[k];
                var lightness = 96 - (int)Math.Round(60 * (double)Math.Clamp(value, 0m, 1m));
                var ink = lightness < 60 ? "#fff" : "#1a1a1a";
                var x = labelWidth + (k * cell);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"hsl(210,70%,{lightness}%)\"><title>{Text($"{rows[r].Label}, month +{k}: {Percent(value)}")}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2) - 1}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"middle\" class=\"small\" style=\"fill:{ink}\">{Percent(value, 0)}</text>");
            }
        }

        return Close(svg);
    }

    public static string Text(string value) => WebUtility.HtmlEncode(value);

    public static string Format(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Percent(decimal value, int decimals = 1) =>
        (value * 100m).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture).TrimEnd('.') + "%";

    private static StringBuilder Open(string id, string title, string description, int width, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Text(title)}</title><desc id=\"{id}-desc\">{Text(description)}</desc>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axes(StringBuilder svg, decimal max, Func<decimal, string> format)
    {
        var bottom = Height - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis-line\" x1=\"{Left}\" y1=\"{bottom}\" x2=\"{Width - Right}\" y2=\"{bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis-line\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\">{Text(format(max))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{bottom}\" text-anchor=\"end\">0</text>");
    }

    private static void XLabel(StringBuilder svg, double x, string label, int index, int count)
    {
        // Label every bucket up to 12, then every n-th so labels never overlap.
        var every = Math.Max(1, (int)Math.Ceiling(count / 12d));
        if (index % every == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Text(label)}</text>");
        }
    }
}
