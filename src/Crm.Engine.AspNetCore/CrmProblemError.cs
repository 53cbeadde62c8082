namespace Crm.Engine.AspNetCore;

/// <summary>One entry of a validation problem's <c>errors</c> array: a <see cref="ValidationError"/> on the wire.</summary>
/// <param name="Path">The field or JSON path, for example <c>emails[0]</c> or <c>$.all[1].field</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Rule">The rule that failed, when known.</param>
/// <param name="Source">The document the error is in, when known.</param>
/// <param name="Line">The 1-based line in that document, when known.</param>
/// <param name="Column">The 1-based column in that document, when known.</param>
public sealed record CrmProblemError(string Path, string Message, string? Rule, string? Source, int? Line, int? Column);
