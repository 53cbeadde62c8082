using System.Globalization;

namespace Crm.Engine.Benchmarks.Hosting;

/// <summary>The API load test's knobs, from <c>--name value</c> arguments.</summary>
internal sealed record LoadSettings(int Seconds, int WarmupSeconds, int Concurrency, int Customers, int Interactions)
{
    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings(Seconds: 10, WarmupSeconds: 3, Concurrency: 16, Customers: 500, Interactions: 200);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--seconds" => settings with { Seconds = value },
                "--warmup" => settings with { WarmupSeconds = value },
                "--concurrency" => settings with { Concurrency = value },
                "--customers" => settings with { Customers = value },
                "--interactions" => settings with { Interactions = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --seconds, --warmup, --concurrency, --customers or --interactions."),
            };
        }

        return settings;
    }
}
