using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Lists the conditions the conformance kit runs against a provider, as JSON: every operator, the missing-field
/// and type-mismatch rules, set fields, custom attributes of each kind, relative dates, every aggregate and the
/// relations. Expected results come from <see cref="Conditions.ConditionEvaluator"/> over the same records.
/// </summary>
public static class StorageConditionCases
{
    /// <summary>Gets the conditions over customers (<see cref="Conditions.CrmFields.Customer"/>).</summary>
    public static TheoryData<string> Customer { get; } = Data(
    [
        // Strings: ordinal, case-sensitive; a missing value matches only ne.
        """{"field":"firstName","op":"eq","value":"Ada"}""",
        """{"field":"firstName","op":"eq","value":"ada"}""",
        """{"field":"firstName","op":"ne","value":"Ada"}""",
        """{"field":"firstName","op":"eq","value":""}""",
        """{"field":"lastName","op":"gt","value":"M"}""",
        """{"field":"lastName","op":"gte","value":"Lovelace"}""",
        """{"field":"lastName","op":"lt","value":"M"}""",
        """{"field":"lastName","op":"lte","value":"Turing"}""",
        """{"field":"lastName","op":"gt","value":"Z"}""",
        """{"field":"company","op":"eq","value":"Acme"}""",
        """{"field":"company","op":"ne","value":"Acme"}""",
        """{"field":"company","op":"lt","value":"B"}""",
        """{"not":{"field":"company","op":"lt","value":"B"}}""",
        """{"field":"company","op":"in","value":["Acme","acme","Globex"]}""",
        """{"field":"company","op":"contains","value":"cme"}""",
        """{"field":"company","op":"contains","value":"CME"}""",
        """{"field":"company","op":"contains","value":""}""",
        """{"field":"company","op":"startsWith","value":"Acme"}""",
        """{"field":"company","op":"startsWith","value":""}""",
        """{"field":"company","op":"exists"}""",
        """{"field":"company","op":"exists","value":false}""",
        """{"field":"company","op":"between","value":["A","H"]}""",
        """{"field":"company","op":"eq","value":""}""",
        """{"field":"city","op":"eq","value":"Zürich"}""",
        """{"field":"city","op":"gt","value":"Wien"}""",
        """{"field":"email","op":"eq","value":"ada@example.com"}""",
        """{"field":"email","op":"startsWith","value":"Alan@"}""",
        """{"field":"email","op":"exists"}""",
        """{"field":"phone","op":"exists"}""",
        """{"field":"externalId","op":"exists"}""",
        """{"field":"externalId","op":"startsWith","value":"ext-1"}""",
        """{"field":"ownerId","op":"in","value":["owner-1","owner-2"]}""",
        """{"field":"gender","op":"ne","value":"x"}""",
        """{"field":"country","op":"in","value":["DE","AT"]}""",
        """{"field":"country","op":"ne","value":"GB"}""",
        """{"not":{"field":"country","op":"in","value":["DE","AT"]}}""",

        // Enumerations: names match case-insensitively when bound, then compare exactly.
        """{"field":"lifecycleStage","op":"eq","value":"customer"}""",
        """{"field":"lifecycleStage","op":"in","value":["Lead","Opportunity","Churned"]}""",
        """{"field":"lifecycleStage","op":"ne","value":"Lead"}""",
        """{"field":"lifecycleStage","op":"exists"}""",

        // Sets: contains an element, shares one with a list, is not empty.
        """{"field":"tags","op":"contains","value":"vip"}""",
        """{"field":"tags","op":"contains","value":"VIP"}""",
        """{"field":"tags","op":"in","value":["early","b2b"]}""",
        """{"field":"tags","op":"exists"}""",
        """{"not":{"field":"tags","op":"exists"}}""",
        """{"not":{"field":"tags","op":"contains","value":"vip"}}""",
        """{"field":"emails","op":"contains","value":"ada.l@work.example"}""",
        """{"field":"emails","op":"contains","value":"alan@example.com"}""",
        """{"field":"emails","op":"in","value":["Alan@Example.com","user3@example.com"]}""",
        """{"field":"phones","op":"exists"}""",

        // Dates and instants: absolute, with offsets, and relative to AsOf.
        """{"field":"birthDate","op":"lt","value":"1990-01-01"}""",
        """{"field":"birthDate","op":"lte","value":"P18Y"}""",
        """{"field":"birthDate","op":"gt","value":"P18Y"}""",
        """{"field":"birthDate","op":"ne","value":"1990-12-10"}""",
        """{"field":"birthDate","op":"eq","value":"1990-12-10"}""",
        """{"field":"birthDate","op":"between","value":["1980-01-01","1995-12-31"]}""",
        """{"field":"birthDate","op":"in","value":["1990-12-10","2010-01-01"]}""",
        """{"field":"birthDate","op":"exists"}""",
        """{"field":"createdAt","op":"gte","value":"P30D"}""",
        """{"field":"createdAt","op":"gte","value":"PT36H"}""",
        """{"field":"createdAt","op":"gte","value":"P1M"}""",
        """{"field":"createdAt","op":"lt","value":"2025-06-01"}""",
        """{"field":"createdAt","op":"gt","value":"2025-12-01T00:00:00+05:00"}""",
        """{"field":"createdAt","op":"eq","value":"2025-02-08T12:00:00Z"}""",
        """{"field":"createdAt","op":"eq","value":"2025-02-08T13:00:00+01:00"}""",
        """{"field":"createdAt","op":"eq","value":"2025-12-05T03:30:00Z"}""",
        """{"field":"createdAt","op":"between","value":["P1Y","P30D"]}""",
        """{"field":"updatedAt","op":"lte","value":"P10D"}""",

        // Aggregates over purchases and interactions.
        """{"field":"purchaseCount","op":"eq","value":0}""",
        """{"field":"purchaseCount","op":"gte","value":2}""",
        """{"field":"purchaseCount","op":"in","value":[1,3]}""",
        """{"field":"purchaseCount","op":"gt","value":1.5}""",
        """{"field":"purchaseCount","op":"lte","value":1.5}""",
        """{"field":"purchaseCount","op":"eq","value":1.5}""",
        """{"field":"totalSpent","op":"gte","value":100}""",
        """{"field":"totalSpent","op":"eq","value":120.5}""",
        """{"field":"totalSpent","op":"eq","value":31.5}""",
        """{"field":"totalSpent","op":"gt","value":20.00005}""",
        """{"field":"totalSpent","op":"lt","value":0.00001}""",
        """{"field":"totalSpent","op":"between","value":[10,200]}""",
        """{"field":"totalSpent","op":"eq","value":0}""",
        """{"field":"totalSpent","op":"gt","value":100000000000000000000}""",
        """{"field":"totalSpent","op":"lt","value":100000000000000000000}""",
        """{"field":"totalSpent","op":"gt","value":-100000000000000000000}""",
        """{"field":"averageOrderValue","op":"gt","value":50}""",
        """{"field":"averageOrderValue","op":"eq","value":60.25}""",
        """{"field":"averageOrderValue","op":"lte","value":33.333}""",
        """{"field":"averageOrderValue","op":"ne","value":60.25}""",
        """{"field":"averageOrderValue","op":"between","value":[5.5,31.5]}""",
        """{"field":"averageOrderValue","op":"exists"}""",
        """{"not":{"field":"averageOrderValue","op":"exists"}}""",
        """{"field":"firstPurchaseAt","op":"lt","value":"P180D"}""",
        """{"field":"firstPurchaseAt","op":"exists"}""",
        """{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""",
        """{"field":"lastPurchaseAt","op":"gt","value":"P30D"}""",
        """{"field":"lastPurchaseAt","op":"ne","value":"2026-03-10T12:00:00Z"}""",
        """{"field":"interactionCount","op":"gt","value":2}""",
        """{"field":"interactionCount","op":"eq","value":0}""",
        """{"field":"lastInteractionAt","op":"gte","value":"P7D"}""",
        """{"not":{"field":"lastInteractionAt","op":"gte","value":"P7D"}}""",
        """{"field":"lastInteractionAt","op":"exists"}""",

        // Custom attributes: typed by the literal; another type never matches, so ne does.
        """{"field":"attributes.plan","op":"eq","value":"gold"}""",
        """{"field":"attributes.plan","op":"ne","value":"gold"}""",
        """{"field":"attributes.plan","op":"in","value":["gold","silver"]}""",
        """{"field":"attributes.plan","op":"startsWith","value":"s"}""",
        """{"field":"attributes.plan","op":"contains","value":"ol"}""",
        """{"field":"attributes.plan","op":"gt","value":"bronze"}""",
        """{"field":"attributes.score","op":"gt","value":10}""",
        """{"field":"attributes.score","op":"eq","value":42}""",
        """{"field":"attributes.score","op":"eq","value":"42"}""",
        """{"field":"attributes.score","op":"ne","value":42}""",
        """{"field":"attributes.score","op":"lte","value":7.5}""",
        """{"field":"attributes.score","op":"lt","value":0}""",
        """{"field":"attributes.score","op":"between","value":[0,50]}""",
        """{"field":"attributes.score","op":"in","value":[42,"42",7.5]}""",
        """{"field":"attributes.score","op":"contains","value":"4"}""",
        """{"field":"attributes.score","op":"eq","value":true}""",
        """{"field":"attributes.score","op":"exists"}""",
        """{"field":"attributes.vip","op":"eq","value":true}""",
        """{"field":"attributes.vip","op":"ne","value":true}""",
        """{"field":"attributes.vip","op":"eq","value":false}""",
        """{"field":"attributes.vip","op":"gt","value":false}""",
        """{"field":"attributes.vip","op":"eq","value":"true"}""",
        """{"field":"attributes.since","op":"lt","value":"2021-01-01"}""",
        """{"field":"attributes.since","op":"startsWith","value":"2020-"}""",
        """{"field":"attributes.missing","op":"eq","value":"x"}""",
        """{"field":"attributes.missing","op":"ne","value":"x"}""",
        """{"not":{"field":"attributes.missing","op":"exists"}}""",

        // Relations: some, none and counts, with filters over the related records' own fields.
        """{"some":"interactions"}""",
        """{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"direction","op":"eq","value":"inbound"}]}}""",
        """{"not":{"some":"interactions","where":{"field":"channel","op":"eq","value":"email"}}}""",
        """{"some":"interactions","where":{"field":"subject","op":"contains","value":"order"}}""",
        """{"some":"interactions","where":{"field":"subject","op":"ne","value":"Hello"}}""",
        """{"some":"interactions","where":{"field":"occurredAt","op":"gte","value":"P7D"}}""",
        """{"some":"interactions","where":{"field":"externalId","op":"exists"}}""",
        """{"count":"interactions","op":"gte","value":3}""",
        """{"count":"interactions","op":"eq","value":0}""",
        """{"count":"interactions","op":"lt","value":2}""",
        """{"count":"interactions","op":"ne","value":1}""",
        """{"count":"interactions","op":"lte","value":0}""",
        """{"count":"interactions","op":"gt","value":0}""",
        """{"count":"interactions","op":"gte","value":0}""",
        """{"count":"interactions","where":{"field":"direction","op":"in","value":["Outbound","Internal"]},"op":"gt","value":1}""",
        """{"some":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P30D"}}""",
        """{"some":"purchases","where":{"field":"total","op":"gt","value":50}}""",
        """{"some":"purchases","where":{"field":"total","op":"eq","value":31.5}}""",
        """{"some":"purchases","where":{"field":"currency","op":"eq","value":"USD"}}""",
        """{"some":"purchases","where":{"field":"channel","op":"ne","value":"web"}}""",
        """{"some":"purchases","where":{"field":"orderNumber","op":"exists"}}""",
        """{"some":"purchases","where":{"field":"createdAt","op":"lt","value":"P100D"}}""",
        """{"count":"purchases","where":{"field":"total","op":"lt","value":30},"op":"eq","value":1}""",
        """{"some":"purchaseLines","where":{"field":"sku","op":"eq","value":"SKU-A"}}""",
        """{"some":"purchaseLines","where":{"all":[{"field":"quantity","op":"gte","value":2},{"field":"unitPrice","op":"lt","value":20}]}}""",
        """{"some":"purchaseLines","where":{"field":"quantity","op":"eq","value":0.5}}""",
        """{"some":"purchaseLines","where":{"field":"category","op":"eq","value":"tools"}}""",
        """{"some":"purchaseLines","where":{"field":"category","op":"ne","value":"tools"}}""",
        """{"some":"purchaseLines","where":{"field":"total","op":"between","value":[10,30]}}""",
        """{"some":"purchaseLines","where":{"field":"purchasedAt","op":"gte","value":"P60D"}}""",
        """{"some":"purchaseLines","where":{"field":"currency","op":"eq","value":"USD"}}""",
        """{"some":"purchaseLines","where":{"field":"productName","op":"startsWith","value":"Wid"}}""",
        """{"count":"purchaseLines","op":"gte","value":3}""",
        """{"count":"purchaseLines","where":{"field":"sku","op":"startsWith","value":"SKU"},"op":"eq","value":2}""",

        // Boolean structure, including the empty groups and double negation.
        """{"all":[]}""",
        """{"any":[]}""",
        """{"not":{"all":[]}}""",
        """{"all":[{"field":"country","op":"eq","value":"GB"},{"field":"tags","op":"contains","value":"vip"}]}""",
        """{"any":[{"field":"country","op":"eq","value":"US"},{"field":"company","op":"startsWith","value":"Acme"}]}""",
        """{"not":{"any":[{"field":"company","op":"eq","value":"Acme"},{"field":"city","op":"eq","value":"Berlin"}]}}""",
        """{"not":{"not":{"field":"company","op":"exists"}}}""",
        """{"not":{"all":[{"field":"company","op":"contains","value":"Acme"},{"field":"country","op":"eq","value":"DE"}]}}""",
        """{"any":[{"not":{"field":"company","op":"lt","value":"B"}},{"field":"purchaseCount","op":"gt","value":2}]}""",
        """{"all":[{"some":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P30D"}},{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"direction","op":"eq","value":"inbound"}]}}]}""",

        // Values that look like SQL are data, nothing else.
        """{"field":"lastName","op":"eq","value":"x'); DROP TABLE customers;--"}""",
        """{"field":"firstName","op":"eq","value":"Robert'); DROP TABLE customers;--"}""",
        """{"field":"attributes.plan","op":"eq","value":"' OR 1=1 --"}""",
        """{"field":"company","op":"contains","value":"'"}""",
    ]);

    /// <summary>Gets the conditions over interactions (<see cref="Conditions.CrmFields.Interaction"/>).</summary>
    public static TheoryData<string> Interaction { get; } = Data(
    [
        """{"field":"channel","op":"eq","value":"email"}""",
        """{"field":"channel","op":"in","value":["sms","chat"]}""",
        """{"field":"direction","op":"in","value":["Outbound","Internal"]}""",
        """{"field":"direction","op":"ne","value":"inbound"}""",
        """{"field":"subject","op":"contains","value":"order"}""",
        """{"field":"subject","op":"ne","value":"Hello"}""",
        """{"not":{"field":"subject","op":"exists"}}""",
        """{"field":"occurredAt","op":"gte","value":"P7D"}""",
        """{"field":"occurredAt","op":"between","value":["P90D","P30D"]}""",
        """{"field":"externalId","op":"exists"}""",
        """{"field":"createdAt","op":"lt","value":"2026-01-01"}""",
        """{"any":[{"field":"channel","op":"eq","value":"sms"},{"field":"direction","op":"eq","value":"Internal"}]}""",
    ]);

    /// <summary>Gets the conditions over purchases (<see cref="Conditions.CrmFields.Purchase"/>).</summary>
    public static TheoryData<string> Purchase { get; } = Data(
    [
        """{"field":"total","op":"gt","value":50}""",
        """{"field":"total","op":"eq","value":20.5}""",
        """{"field":"total","op":"lte","value":9.995}""",
        """{"field":"currency","op":"in","value":["USD"]}""",
        """{"field":"orderNumber","op":"exists"}""",
        """{"field":"orderNumber","op":"startsWith","value":"SO-1"}""",
        """{"field":"channel","op":"ne","value":"web"}""",
        """{"field":"purchasedAt","op":"between","value":["P90D","P7D"]}""",
        """{"field":"createdAt","op":"gte","value":"P30D"}""",
        """{"not":{"any":[{"field":"currency","op":"eq","value":"EUR"},{"field":"total","op":"gt","value":100}]}}""",
    ]);

    private static TheoryData<string> Data(string[] conditions)
    {
        var data = new TheoryData<string>();
        foreach (var condition in conditions)
        {
            data.Add(condition);
        }

        return data;
    }
}
