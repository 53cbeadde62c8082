namespace Crm.Engine;

/// <summary>Applies survivorship rules field by field and tells where each value came from.</summary>
internal static class CustomerMerger
{
    public static (Customer Merged, Dictionary<string, string> Sources) Merge(Customer survivor, Customer merged, MergeOptions options)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var sd = survivor.Demographics;
        var md = merged.Demographics;
        var result = survivor with
        {
            ExternalId = Pick("externalId", survivor.ExternalId, merged.ExternalId),
            FirstName = Pick("firstName", survivor.FirstName, merged.FirstName) ?? "",
            LastName = Pick("lastName", survivor.LastName, merged.LastName) ?? "",
            Company = Pick("company", survivor.Company, merged.Company),
            OwnerId = Pick("ownerId", survivor.OwnerId, merged.OwnerId),
            Emails = PickList("emails", survivor.Emails, merged.Emails),
            Phones = PickList("phones", survivor.Phones, merged.Phones),
            Tags = PickList("tags", survivor.Tags, merged.Tags),
            LifecycleStage = merged.LifecycleStage > survivor.LifecycleStage && merged.LifecycleStage != LifecycleStage.Churned ? merged.LifecycleStage : survivor.LifecycleStage,
            Demographics = sd with
            {
                BirthDate = PickValue("birthDate", sd.BirthDate, md.BirthDate),
                Gender = Pick("gender", sd.Gender, md.Gender),
                City = Pick("city", sd.City, md.City),
                Region = Pick("region", sd.Region, md.Region),
                Country = Pick("country", sd.Country, md.Country),
                PostalCode = Pick("postalCode", sd.PostalCode, md.PostalCode),
                IncomeBand = Pick("incomeBand", sd.IncomeBand, md.IncomeBand),
            },
            Attributes = PickAttributes(),
            CreatedAt = survivor.CreatedAt < merged.CreatedAt ? survivor.CreatedAt : merged.CreatedAt,
        };
        return (result, sources);

        string? Pick(string field, string? s, string? m)
        {
            var hasS = !string.IsNullOrWhiteSpace(s);
            var hasM = !string.IsNullOrWhiteSpace(m);
            if (!hasM || (hasS && string.Equals(s, m, StringComparison.Ordinal)))
            {
                return Source(field, s, "survivor");
            }

            if (!hasS)
            {
                return Source(field, m, "merged");
            }

            var takeMerged = options.RuleFor(field) switch
            {
                SurvivorshipRule.MostRecentNonEmpty => merged.UpdatedAt > survivor.UpdatedAt,
                SurvivorshipRule.Longest => m!.Length > s!.Length,
                SurvivorshipRule.Oldest => merged.CreatedAt < survivor.CreatedAt,
                _ => false,
            };
            return Source(field, takeMerged ? m : s, takeMerged ? "merged" : "survivor");
        }

        T? PickValue<T>(string field, T? s, T? m)
            where T : struct
        {
            if (m is null || s is not null && options.RuleFor(field) is not (SurvivorshipRule.MostRecentNonEmpty or SurvivorshipRule.Oldest))
            {
                return Source(field, s, "survivor");
            }

            if (s is null)
            {
                return Source(field, m, "merged");
            }

            var takeMerged = options.RuleFor(field) == SurvivorshipRule.MostRecentNonEmpty ? merged.UpdatedAt > survivor.UpdatedAt : merged.CreatedAt < survivor.CreatedAt;
            return Source(field, takeMerged ? m : s, takeMerged ? "merged" : "survivor");
        }

        IReadOnlyList<string> PickList(string field, IReadOnlyList<string> s, IReadOnlyList<string> m)
        {
            if (m.Count == 0)
            {
                return Source(field, s, "survivor");
            }

            if (s.Count == 0)
            {
                return Source(field, m, "merged");
            }

            return options.RuleFor(field) switch
            {
                SurvivorshipRule.Union => Source(field, (IReadOnlyList<string>)s.Concat(m).Distinct(StringComparer.Ordinal).ToArray(), "both"),
                SurvivorshipRule.MostRecentNonEmpty when merged.UpdatedAt > survivor.UpdatedAt => Source(field, m, "merged"),
                SurvivorshipRule.Longest when m.Count > s.Count => Source(field, m, "merged"),
                SurvivorshipRule.Oldest when merged.CreatedAt < survivor.CreatedAt => Source(field, m, "merged"),
                _ => Source(field, s, "survivor"),
            };
        }

        IReadOnlyDictionary<string, AttributeValue> PickAttributes()
        {
            var rule = options.RuleFor("attributes");
            var newer = merged.UpdatedAt > survivor.UpdatedAt;
            var result = new Dictionary<string, AttributeValue>(survivor.Attributes, StringComparer.Ordinal);
            foreach (var (key, value) in merged.Attributes)
            {
                if (!result.ContainsKey(key) || (rule == SurvivorshipRule.MostRecentNonEmpty && newer))
                {
                    result[key] = value;
                    sources["attributes." + key] = "merged";
                }
            }

            return result;
        }

        T Source<T>(string field, T value, string from)
        {
            sources[field] = from;
            return value;
        }
    }
}
