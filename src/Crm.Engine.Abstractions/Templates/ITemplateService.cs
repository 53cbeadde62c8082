namespace Crm.Engine.Templates;

/// <summary>Registers, validates and renders message templates (Handlebars).</summary>
public interface ITemplateService
{
    /// <summary>Checks a template without registering it: syntax, and that every referenced field exists.</summary>
    /// <param name="messageTemplate">The template.</param>
    /// <returns>The problems found, each naming the variant and field (empty when valid).</returns>
    IReadOnlyList<ValidationError> Validate(MessageTemplate messageTemplate);

    /// <summary>Validates and registers (or replaces) a template.</summary>
    /// <param name="messageTemplate">The template.</param>
    /// <exception cref="CrmValidationException">The template has errors; nothing is registered.</exception>
    void Register(MessageTemplate messageTemplate);

    /// <summary>Gets a registered template.</summary>
    /// <param name="id">The template id.</param>
    /// <returns>The template, or <see langword="null"/>.</returns>
    MessageTemplate? Find(string id);

    /// <summary>Renders a registered template for one channel.</summary>
    /// <param name="templateId">The template id.</param>
    /// <param name="channel">The channel; its variant is used, or the default one.</param>
    /// <param name="model">The values.</param>
    /// <returns>The rendered subject and bodies.</returns>
    /// <exception cref="CrmNotFoundException">No template has that id, or it has no variant for the channel and no default.</exception>
    RenderedMessage Render(string templateId, string channel, TemplateModel model);
}
