using System.Collections.Frozen;

namespace Crm.Engine.Templates;

/// <summary>
/// The fields templates may refer to. <c>customer.attributes.*</c> and <c>data.*</c> are open (custom fields are per
/// tenant, data is whatever the caller passes); every other path must be listed here.
/// </summary>
internal static class TemplateFields
{
    private static readonly string[] OpenPrefixes = ["customer.attributes.", "data."];

    public static FrozenSet<string> Known { get; } = new[]
    {
        "customer", "customer.id", "customer.firstName", "customer.lastName", "customer.displayName", "customer.company",
        "customer.email", "customer.phone", "customer.emails", "customer.phones", "customer.tags",
        "customer.lifecycleStage", "customer.ownerId", "customer.externalId", "customer.attributes",
        "customer.demographics", "customer.demographics.birthDate", "customer.demographics.gender",
        "customer.demographics.city", "customer.demographics.region", "customer.demographics.country",
        "customer.demographics.postalCode",
        "deal", "deal.id", "deal.name", "deal.amount", "deal.currency", "deal.stage", "deal.pipeline", "deal.ownerId",
        "deal.expectedCloseDate", "deal.probability",
        "case", "case.id", "case.number", "case.subject", "case.status", "case.priority", "case.category", "case.ownerId",
        "case.openedAt", "case.dueAt",
        "data",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string path)
    {
        if (Known.Contains(path))
        {
            return true;
        }

        foreach (var prefix in OpenPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Suggests the known field closest to an unknown one, for "did you mean" messages.</summary>
    public static string? Suggest(string path) => Suggestions.Closest(path, Known);
}
