namespace Crm.Engine.Sales;

/// <summary>How a forecast groups deals by expected close date.</summary>
public enum ForecastPeriod
{
    /// <summary>Calendar months.</summary>
    Month = 0,

    /// <summary>Calendar quarters (January, April, July, October).</summary>
    Quarter = 1,
}
