namespace Crm.Engine;

/// <summary>
/// Holds the fields duplicate detection compares, read without the rest of the customer.
/// </summary>
/// <param name="Id">The customer.</param>
/// <param name="FirstName">The given name.</param>
/// <param name="LastName">The family name.</param>
/// <param name="Company">The company, if any.</param>
/// <param name="Emails">The lower-case addresses.</param>
/// <param name="Phones">The normalized phone numbers.</param>
public sealed record CustomerMatchKeys(Guid Id, string FirstName, string LastName, string? Company, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones);
