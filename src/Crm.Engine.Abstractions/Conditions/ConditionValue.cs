namespace Crm.Engine.Conditions;

/// <summary>
/// Represents a literal in a condition. Parsing yields <see cref="StringValue"/>, <see cref="NumberValue"/>,
/// <see cref="BooleanValue"/> and <see cref="ListValue"/>; binding to a field's type turns strings into dates,
/// instants, relative dates or canonical enum names.
/// </summary>
public abstract record ConditionValue
{
    private protected ConditionValue()
    {
    }
}

/// <summary>A text literal.</summary>
/// <param name="Value">The text.</param>
public sealed record StringValue(string Value) : ConditionValue;

/// <summary>A number literal.</summary>
/// <param name="Value">The number.</param>
public sealed record NumberValue(decimal Value) : ConditionValue;

/// <summary>A boolean literal.</summary>
/// <param name="Value">The flag.</param>
public sealed record BooleanValue(bool Value) : ConditionValue;

/// <summary>A calendar date, bound from <c>"yyyy-MM-dd"</c>.</summary>
/// <param name="Value">The date.</param>
public sealed record DateValue(DateOnly Value) : ConditionValue;

/// <summary>An instant, bound from an ISO 8601 date-time such as <c>"2026-01-31T12:00:00Z"</c>.</summary>
/// <param name="Value">The instant.</param>
public sealed record DateTimeValue(DateTimeOffset Value) : ConditionValue;

/// <summary>
/// A date relative to the evaluation time, bound from an ISO 8601 duration such as <c>"P30D"</c>: that long ago.
/// </summary>
/// <param name="Ago">How long before the evaluation time.</param>
public sealed record RelativeDateValue(IsoDuration Ago) : ConditionValue
{
    /// <summary>Computes the instant this value stands for at <paramref name="now"/>.</summary>
    /// <param name="now">The evaluation time.</param>
    /// <returns><paramref name="now"/> minus <see cref="Ago"/>.</returns>
    public DateTimeOffset Resolve(DateTimeOffset now) => Ago.SubtractFrom(now);
}

/// <summary>A list literal, for <c>in</c> and <c>between</c>.</summary>
/// <param name="Items">The items.</param>
public sealed record ListValue(IReadOnlyList<ConditionValue> Items) : ConditionValue;
