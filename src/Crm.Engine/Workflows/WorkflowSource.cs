namespace Crm.Engine.Workflows;

/// <summary>Where registered definitions come from: inline JSON, one file, or every <c>*.json</c> file of a folder.</summary>
internal sealed record WorkflowSource(WorkflowSourceKind Kind, string Value)
{
    public override string ToString() => Kind == WorkflowSourceKind.Json ? "inline JSON" : Value;
}

/// <summary>Tells how to read a <see cref="WorkflowSource"/>.</summary>
internal enum WorkflowSourceKind
{
    Json,
    File,
    Directory,
}
