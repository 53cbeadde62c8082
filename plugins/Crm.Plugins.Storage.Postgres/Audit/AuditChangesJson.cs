using System.Text.Json.Nodes;
using Crm.Engine.Security;

namespace Crm.Plugins.Storage.Postgres.Audit;

/// <summary>Writes and reads an audit record's changes as a JSON array of <c>{"f","b","a"}</c> (field, before, after), as SQLite does.</summary>
internal static class AuditChangesJson
{
    public static string Write(IReadOnlyList<AuditFieldChange> changes)
    {
        var array = new JsonArray();
        foreach (var change in changes)
        {
            array.Add(new JsonObject { ["f"] = change.Field, ["b"] = change.Before, ["a"] = change.After });
        }

        return array.ToJsonString();
    }

    public static List<AuditFieldChange> Read(string json)
    {
        var changes = new List<AuditFieldChange>();
        foreach (var node in JsonNode.Parse(json)!.AsArray())
        {
            changes.Add(new AuditFieldChange(node!["f"]!.GetValue<string>(), node["b"]?.GetValue<string>(), node["a"]?.GetValue<string>()));
        }

        return changes;
    }
}
