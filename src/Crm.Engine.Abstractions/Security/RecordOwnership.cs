namespace Crm.Engine.Security;

/// <summary>Who owns a record, for record-level rules (owner only, owner's team).</summary>
/// <param name="RecordType">The kind of record, such as <c>Deal</c>; used in denials.</param>
/// <param name="RecordKey">The record's id or key; used in denials.</param>
/// <param name="OwnerId">The owning user, or <see langword="null"/> when unowned.</param>
/// <param name="TeamId">The owning team, or <see langword="null"/>.</param>
public sealed record RecordOwnership(string RecordType, string RecordKey, string? OwnerId, string? TeamId);
