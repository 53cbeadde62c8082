using Crm.Engine.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <content>Surveys and feedback.</content>
internal sealed partial class CrmContext
{
    public IFeedbackService Feedback => new FeedbackService(
        engine,
        Caller,
        this,
        engine.Services.GetService<IOptions<FeedbackOptions>>()?.Value ?? new FeedbackOptions());
}
