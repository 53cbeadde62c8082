using System.Text;

namespace Crm.Engine;

/// <summary>
/// Finds duplicate pairs: exact on normalized email and phone (hash groups), fuzzy on name + company with
/// Jaro-Winkler, compared only within blocks (shared name prefixes), so n customers cost about n × block size
/// comparisons instead of n².
/// </summary>
internal static class DuplicateDetector
{
    public static List<DuplicateMatch> Find(IReadOnlyList<CustomerMatchKeys> customers, DuplicateDetectionOptions options)
    {
        var found = new Dictionary<(Guid, Guid), DuplicateMatch>();
        if (options.MatchEmail)
        {
            Exact(customers, c => c.Emails, "email", options, found);
        }

        if (options.MatchPhone)
        {
            Exact(customers, c => c.Phones, "phone", options, found);
        }

        if (options.MatchName)
        {
            Fuzzy(customers, options, found);
        }

        return [.. found.Values.OrderByDescending(m => m.Score).ThenBy(m => m.FirstId).ThenBy(m => m.SecondId)];
    }

    /// <summary>Scores two customers' name and company: the name's similarity, blended 3:1 with the company's when both have one.</summary>
    public static double Score(string nameA, string? companyA, string nameB, string? companyB)
    {
        if (nameA.Length == 0 || nameB.Length == 0)
        {
            return companyA is { Length: > 0 } && companyB is { Length: > 0 } && nameA.Length == 0 && nameB.Length == 0
                ? JaroWinkler.Similarity(companyA, companyB)
                : 0;
        }

        var name = JaroWinkler.Similarity(nameA, nameB);
        return companyA is { Length: > 0 } && companyB is { Length: > 0 }
            ? (0.75 * name) + (0.25 * JaroWinkler.Similarity(companyA, companyB))
            : name;
    }

    /// <summary>Lower-cases and keeps letters, digits and single spaces.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd();
    }

    private static void Exact(IReadOnlyList<CustomerMatchKeys> customers, Func<CustomerMatchKeys, IReadOnlyList<string>> values, string reason, DuplicateDetectionOptions options, Dictionary<(Guid, Guid), DuplicateMatch> found)
    {
        var groups = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            foreach (var value in values(customer))
            {
                if (!groups.TryGetValue(value, out var ids))
                {
                    groups[value] = ids = [];
                }

                if (ids.Count == 0 || ids[^1] != customer.Id)
                {
                    ids.Add(customer.Id);
                }
            }
        }

        foreach (var ids in groups.Values)
        {
            if (ids.Count < 2 || ids.Count > options.MaxBlockSize)
            {
                continue;
            }

            for (var i = 0; i < ids.Count; i++)
            {
                for (var j = i + 1; j < ids.Count; j++)
                {
                    var key = Order(ids[i], ids[j]);
                    found.TryAdd(key, new DuplicateMatch(key.Item1, key.Item2, 1.0, reason));
                }
            }
        }
    }

    private static void Fuzzy(IReadOnlyList<CustomerMatchKeys> customers, DuplicateDetectionOptions options, Dictionary<(Guid, Guid), DuplicateMatch> found)
    {
        var cleaned = new (string First, string Last, string Name, string Company)[customers.Count];
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            var first = Clean(c.FirstName);
            var last = Clean(c.LastName);
            var company = Clean(c.Company);
            var name = (first + " " + last).Trim();
            cleaned[i] = (first, last, name, company);

            // Blocking keys: a typo must leave at least one key intact for a pair to be compared.
            if (last.Length > 0 && first.Length > 0)
            {
                AddBlock(blocks, "l:" + Prefix(last, 3) + first[0], i);
                AddBlock(blocks, "f:" + Prefix(first, 3) + last[0], i);
            }
            else if (name.Length > 0)
            {
                AddBlock(blocks, "n:" + Prefix(name, 4), i);
            }
            else if (company.Length > 0)
            {
                AddBlock(blocks, "c:" + Prefix(company, 4), i);
            }
        }

        foreach (var members in blocks.Values)
        {
            if (members.Count < 2 || members.Count > options.MaxBlockSize)
            {
                continue;
            }

            for (var x = 0; x < members.Count; x++)
            {
                var a = cleaned[members[x]];
                for (var y = x + 1; y < members.Count; y++)
                {
                    var b = cleaned[members[y]];
                    var key = Order(customers[members[x]].Id, customers[members[y]].Id);
                    if (found.ContainsKey(key))
                    {
                        continue;
                    }

                    var score = Score(a.Name, a.Company, b.Name, b.Company);
                    if (score >= options.NameThreshold)
                    {
                        found[key] = new DuplicateMatch(key.Item1, key.Item2, Math.Round(score, 4), "name");
                    }
                }
            }
        }
    }

    private static void AddBlock(Dictionary<string, List<int>> blocks, string key, int index)
    {
        if (!blocks.TryGetValue(key, out var list))
        {
            blocks[key] = list = [];
        }

        list.Add(index);
    }

    private static string Prefix(string text, int length) => text.Length <= length ? text : text[..length];

    private static (Guid, Guid) Order(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);
}
