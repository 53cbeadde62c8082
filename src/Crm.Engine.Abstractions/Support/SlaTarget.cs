namespace Crm.Engine.Support;

/// <summary>The time a case of one priority may take, counted in the policy's support hours when it has them.</summary>
/// <param name="FirstResponse">Until the first outbound message.</param>
/// <param name="Resolution">Until the case is resolved.</param>
public sealed record SlaTarget(TimeSpan FirstResponse, TimeSpan Resolution);
