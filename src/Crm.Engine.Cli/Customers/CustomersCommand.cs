using System.CommandLine;

namespace Crm.Engine.Cli.Customers;

/// <summary><c>crm customers</c>: CSV import and export of customer data.</summary>
internal static class CustomersCommand
{
    public static Command Create() => new("customers", "Import and export customers as CSV.")
    {
        ImportCommand.Create(),
        ExportCommand.Create(),
    };
}
