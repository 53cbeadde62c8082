namespace Crm.Engine;

/// <summary>
/// Describes why one CSV row was rejected.
/// </summary>
/// <param name="Row">The row number as a spreadsheet shows it: the header is row 1, the first data row is row 2.</param>
/// <param name="Column">The column header the problem is in, or <see langword="null"/> when it concerns the whole row.</param>
/// <param name="Field">The field name, such as <c>emails[0]</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Rule">The rule that failed, such as <c>email</c>, <c>required</c>, <c>number</c>.</param>
public sealed record ImportRowError(long Row, string? Column, string Field, string Message, string? Rule);
