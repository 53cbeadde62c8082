namespace Crm.Engine.Security;

/// <summary>One parsed grant (<c>resource.action</c> where either part may be <c>*</c>), matched against demanded permissions.</summary>
internal readonly record struct PermissionGrant(string Resource, string Action)
{
    public const string Wildcard = "*";

    public static bool TryParse(string? text, out PermissionGrant grant)
    {
        grant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text == Wildcard)
        {
            grant = new(Wildcard, Wildcard);
            return true;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1 || text.IndexOf('.', dot + 1) >= 0)
        {
            return false;
        }

        grant = new(text[..dot], text[(dot + 1)..]);
        return true;
    }

    public bool Matches(CrmPermission permission) =>
        (Resource == Wildcard || string.Equals(Resource, permission.Resource, StringComparison.Ordinal))
        && (Action == Wildcard || string.Equals(Action, permission.Action, StringComparison.Ordinal));

    public override string ToString() => Resource == Wildcard && Action == Wildcard ? Wildcard : Resource + "." + Action;
}
