namespace Crm.Engine.Storage;

/// <content>Surveys and feedback.</content>
public partial interface IStorageSession
{
    /// <summary>Gets the tenant's surveys, invitations and responses; writes join this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement feedback storage.</exception>
    Feedback.IFeedbackStore Feedback => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support surveys and feedback (IFeedbackStore). Implement it and prove it with FeedbackStorageConformanceTests from Crm.Engine.Testing.");
}
