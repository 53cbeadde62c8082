using System.Diagnostics;

namespace Crm.Engine.Cli.Tests;

/// <summary>Runs the crm command in process (with captured writers) or as the built executable.</summary>
internal static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Samples => Path.Combine(RepositoryRoot, "samples", "workflows");

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CrmCli.RunAsync(args, output, error);
        return (exitCode, output.ToString() + error);
    }

    /// <summary>Runs the built <c>crm</c> assembly with <c>dotnet exec</c>, as the installed tool would run.</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(params string[] args)
    {
        var assembly = typeof(CrmCli).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crm.Engine.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Crm.Engine.sln) was not found above the test output folder.");
    }
}
