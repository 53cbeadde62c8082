namespace Crm.Engine;

/// <summary>
/// Reports two customers that are probably the same person, with why and how sure.
/// </summary>
/// <param name="FirstId">The customer with the smaller identifier.</param>
/// <param name="SecondId">The other customer.</param>
/// <param name="Score">1 for exact email or phone matches, otherwise the Jaro-Winkler similarity of name and company (0..1).</param>
/// <param name="Reason">What matched: <c>email</c>, <c>phone</c> or <c>name</c>.</param>
public sealed record DuplicateMatch(Guid FirstId, Guid SecondId, double Score, string Reason);
