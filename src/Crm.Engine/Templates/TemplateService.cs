namespace Crm.Engine.Templates;

/// <summary>The caller's view of the engine's template registry.</summary>
internal sealed class TemplateService(TemplateRegistry registry, CrmEngine engine, CrmCaller caller) : ITemplateService
{
    public IReadOnlyList<ValidationError> Validate(MessageTemplate messageTemplate)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.TemplatesRead);
        return registry.Validate(messageTemplate);
    }

    public void Register(MessageTemplate messageTemplate)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.TemplatesWrite);
        registry.Register(messageTemplate);
    }

    public MessageTemplate? Find(string id)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.TemplatesRead);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return registry.Find(id);
    }

    public RenderedMessage Render(string templateId, string channel, TemplateModel model)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.TemplatesRead);
        return registry.Render(templateId, channel, model);
    }
}
