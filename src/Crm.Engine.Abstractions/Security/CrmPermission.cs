namespace Crm.Engine.Security;

/// <summary>
/// Names one thing a caller may do: an action on a kind of record, such as <c>deals.write</c>.
/// Roles grant permissions; services demand them before they read or write.
/// </summary>
/// <param name="Resource">The kind of record, in lower camel case plural (<c>customers</c>, <c>deals</c>, <c>cases</c>).</param>
/// <param name="Action">The action: <c>read</c>, <c>write</c>, <c>delete</c> or a resource-specific verb.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A permission is what this type is; CodeAccessPermission is long gone.")]
public readonly record struct CrmPermission(string Resource, string Action)
{
    /// <summary>Returns the permission as <c>resource.action</c>, the form used in role configuration and errors.</summary>
    /// <returns>The permission's name.</returns>
    public override string ToString() => Resource + "." + Action;
}
