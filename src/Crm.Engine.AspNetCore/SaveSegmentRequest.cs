using System.Text.Json;

namespace Crm.Engine.AspNetCore;

/// <summary>The body that saves a segment: its condition as a JSON document and an optional description.</summary>
/// <param name="Condition">The condition (see docs/conditions.md).</param>
/// <param name="Description">What the segment is for.</param>
public sealed record SaveSegmentRequest(JsonElement Condition, string? Description);
