using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>Applies the engine's page size defaults and limits.</summary>
internal static class PageRequests
{
    public static PageRequest Resolve(CrmEngineOptions options, PageRequest? page)
    {
        var request = page ?? new PageRequest(options.DefaultPageSize);
        request.Validate();
        if (request.Size > options.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(page), request.Size, $"The page size may be at most {options.MaxPageSize} (CrmEngineOptions.MaxPageSize).");
        }

        return request;
    }
}
