namespace Crm.Engine.Tests.Hostile;

/// <summary>Finds the repository root (the folder holding Crm.Engine.sln) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.Engine.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Crm.Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
