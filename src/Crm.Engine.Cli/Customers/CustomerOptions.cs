using System.CommandLine;

namespace Crm.Engine.Cli.Customers;

/// <summary>Options and error handling the customer-data commands share.</summary>
internal static class CustomerOptions
{
    public static Option<FileInfo> Database(string description) => new("--db", "--database") { Description = description, Required = true, HelpName = "file" };

    public static Option<string> Tenant() => new("--tenant") { Description = "The tenant whose customers are imported or exported.", Required = true, HelpName = "tenant" };

    public static Option<string> PhoneRegion()
    {
        var option = new Option<string>("--phone-region")
        {
            HelpName = "region",
            Description = "The region of national phone numbers (such as DE), for their conversion to E.164; without it they stay as digits.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } region && (region.Length != 2 || !region.All(char.IsAsciiLetterUpper)))
            {
                result.AddError($"--phone-region: '{region}' is not a two-letter ISO 3166-1 region code such as DE.");
            }
        });
        return option;
    }

    /// <summary>Fails with exit code 2 when the database's folder does not exist (rather than creating a stray database somewhere).</summary>
    public static void RequireFolder(FileInfo database)
    {
        if (database.Directory is { Exists: false } folder)
        {
            throw new CliInputException($"{database}: error: the folder '{folder}' does not exist.");
        }
    }

    /// <summary>Runs a command; bad input (the command's own checks, or the engine's validation) is reported on stderr with exit code 2.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<Task<int>> run)
    {
        var error = result.InvocationConfiguration.Error;
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (CliInputException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
        }
        catch (CrmValidationException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }
        }

        return CrmCli.Failed;
    }
}
