using System.Diagnostics.Metrics;

namespace Crm.Engine.Messaging;

/// <summary>Holds the counters of the outbox, inbound recording and scheduled jobs.</summary>
internal static class MessagingMetrics
{
    public static Counter<long> Enqueued { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.outbox.enqueued", "{message}", "Messages written to the outbox, tagged by channel.");

    public static Counter<long> Attempts { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.outbox.attempts", "{attempt}", "Send attempts, tagged by channel and outcome.");

    public static Histogram<double> SendDuration { get; } =
        CrmDiagnostics.Meter.CreateHistogram<double>("crm.engine.outbox.send_duration", "ms", "How long one send attempt took, tagged by channel.");

    public static Counter<long> Inbound { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.inbound.messages", "{message}", "Inbound messages, tagged by channel and result (recorded, duplicate, rejected).");

    public static Counter<long> JobsRun { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.jobs.runs", "{run}", "Scheduled job runs, tagged by kind and outcome.");
}
