namespace Crm.Engine.Sales;

/// <summary>Whether a deal is still open or closed, and how; also the kind of a pipeline stage.</summary>
public enum DealStatus
{
    /// <summary>Open: the deal is in a working stage.</summary>
    Open = 0,

    /// <summary>Won: a terminal stage; the deal closed successfully.</summary>
    Won = 1,

    /// <summary>Lost: a terminal stage; the deal closed unsuccessfully.</summary>
    Lost = 2,
}
