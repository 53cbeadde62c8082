namespace Crm.Engine.Templates;

/// <summary>The caller's view of the engine's template registry.</summary>
internal sealed class TemplateService(TemplateRegistry registry) : ITemplateService
{
    public IReadOnlyList<ValidationError> Validate(MessageTemplate messageTemplate) => registry.Validate(messageTemplate);

    public void Register(MessageTemplate messageTemplate) => registry.Register(messageTemplate);

    public MessageTemplate? Find(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return registry.Find(id);
    }

    public RenderedMessage Render(string templateId, string channel, TemplateModel model) => registry.Render(templateId, channel, model);
}
