using Crm.Engine.Conditions;

namespace Crm.Engine.Messaging;

/// <summary>
/// Where a customer is reached on each channel: the primary email for email, the primary phone for phone and SMS, and
/// the <c>&lt;channel&gt;Handle</c> attribute (such as <c>socialHandle</c> or <c>chatHandle</c>) for the others.
/// </summary>
internal static class ContactAddresses
{
    public static string HandleAttribute(string channel) => channel + "Handle";

    public static string? RecipientFor(Customer customer, string channel) => channel switch
    {
        InteractionChannels.Email => customer.PrimaryEmail,
        InteractionChannels.Phone or InteractionChannels.Sms => customer.PrimaryPhone,
        _ => customer.Attributes.TryGetValue(HandleAttribute(channel), out var handle) ? handle.ToString() : null,
    };

    /// <summary>The condition that finds the customer a sender address belongs to.</summary>
    public static Condition MatchCondition(string channel, string address) => channel switch
    {
        InteractionChannels.Email => new ComparisonCondition("emails", ComparisonOperator.Contains, new StringValue(ContactFormats.NormalizeEmail(address))),
        InteractionChannels.Phone or InteractionChannels.Sms => new ComparisonCondition("phones", ComparisonOperator.Contains, new StringValue(ContactFormats.NormalizePhone(address))),
        _ => new ComparisonCondition(FieldCatalog.AttributePrefix + HandleAttribute(channel), ComparisonOperator.Eq, new StringValue(address)),
    };

    /// <summary>The profile of a new lead created from a message by an unknown sender.</summary>
    public static Customer NewLead(string channel, string address, string? name)
    {
        var (first, last) = SplitName(name);
        if (first.Length == 0 && last.Length == 0 && channel != InteractionChannels.Email)
        {
            last = address; // a profile needs a name; the handle or number is all an anonymous sender gives
        }

        var lead = new Customer
        {
            FirstName = first,
            LastName = last,
            LifecycleStage = LifecycleStage.Lead,
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["leadSource"] = AttributeValue.FromString(channel) },
        };
        return channel switch
        {
            InteractionChannels.Email => lead with { Emails = [address] },
            InteractionChannels.Phone or InteractionChannels.Sms => lead with { Phones = [address] },
            _ => lead with
            {
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    ["leadSource"] = AttributeValue.FromString(channel),
                    [HandleAttribute(channel)] = AttributeValue.FromString(address),
                },
            },
        };
    }

    private static (string First, string Last) SplitName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ("", "");
        }

        var space = trimmed.LastIndexOf(' ');
        return space < 0 ? (trimmed, "") : (trimmed[..space].Trim(), trimmed[(space + 1)..]);
    }
}
