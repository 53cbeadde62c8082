namespace Crm.Engine.Cli.Customers;

/// <summary>Bad input the command cannot run with (a missing file, an unreadable mapping, a bad option value): exit code 2.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException()
    {
    }

    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
