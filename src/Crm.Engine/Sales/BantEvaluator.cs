namespace Crm.Engine.Sales;

/// <summary>Decides whether BANT information meets <see cref="BantCriteria"/>.</summary>
internal static class BantEvaluator
{
    public static bool IsQualified(BantQualification bant, BantCriteria criteria, DateOnly today)
    {
        var budget = bant.Budget is { } b && (criteria.MinimumBudget is not { } min || b >= min);
        var authority = bant.HasAuthority == true;
        var need = !string.IsNullOrWhiteSpace(bant.Need);
        var timeline = bant.Timeline is { } t && t >= today && (criteria.MaximumTimelineDays is not { } days || t.DayNumber - today.DayNumber <= days);
        if ((criteria.RequireAuthority && !authority) || (criteria.RequireNeed && !need))
        {
            return false;
        }

        var met = (budget ? 1 : 0) + (authority ? 1 : 0) + (need ? 1 : 0) + (timeline ? 1 : 0);
        return met >= Math.Clamp(criteria.MinimumMet, 1, 4);
    }
}
