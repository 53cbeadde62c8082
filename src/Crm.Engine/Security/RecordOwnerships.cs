namespace Crm.Engine.Security;

/// <summary>Describes the engine's own records for record-level rules.</summary>
internal static class RecordOwnerships
{
    public static RecordOwnership Of(Customer customer) =>
        new(nameof(Customer), customer.Id.ToString(), customer.OwnerId, null);
}
