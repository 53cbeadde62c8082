using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Crm.Engine.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>Registers the outbox dispatcher, job runner, inbound polling, templates and automation with every engine.</summary>
internal static class MessagingServiceRegistration
{
    public static void AddMessagingCore(IServiceCollection services)
    {
        services.AddOptions<MessagingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddSingleton(static sp => new TemplateRegistry(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Templates));
        services.TryAddSingleton<ChannelRouter>();
        services.TryAddSingleton<AutoReplies>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<InboundPollerRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, AutomationCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, OutboxDispatcher>(static sp => sp.GetRequiredService<OutboxDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, JobRunner>(static sp => sp.GetRequiredService<JobRunner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, InboundPollerRunner>(static sp => sp.GetRequiredService<InboundPollerRunner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<MessageQueued>, OutboxDispatcher>(static sp => sp.GetRequiredService<OutboxDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<MessageDelivered>, FollowUpScheduler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, ReminderJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, FollowUpJobHandler>());
    }

    /// <summary>Checks templates and automation rules when the engine starts, so a bad rule fails start-up, not the first message.</summary>
    private sealed class AutomationCheck(TemplateRegistry templates, AutoReplies autoReplies, IOptions<MessagingOptions> options) : ICrmEngineComponent
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = autoReplies.Rules;
            var errors = new List<ValidationError>();
            var rules = options.Value.FollowUps;
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].TemplateId is { } id && templates.Find(id) is null)
                {
                    errors.Add(new ValidationError($"FollowUps[{i}].TemplateId", $"template '{id}' is not registered; add it to MessagingOptions.Templates.") { Rule = "reference" });
                }
            }

            return errors.Count > 0 ? throw new CrmValidationException(errors) : Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
