using System.ComponentModel.DataAnnotations;

namespace Crm.Engine;

/// <summary>
/// Configures the engine. Options are validated when the engine initializes; an invalid value fails with an
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the option.
/// </summary>
public sealed class CrmEngineOptions
{
    /// <summary>Gets or sets whether <see cref="ICrmEngine.InitializeAsync"/> creates or upgrades the storage schema.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MigrateStorageOnInitialize { get; set; } = true;

    /// <summary>Gets or sets the page size used when a caller gives none.</summary>
    /// <value>The default is 50.</value>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Gets or sets the largest page size callers may ask for.</summary>
    /// <value>The default is 1,000.</value>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 1_000;

    /// <summary>Gets or sets how long one event handler may run before it is cancelled and counted as failed.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan EventHandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the most validation errors one import reports before it stops looking for more.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 100_000)]
    public int MaxReportedImportErrors { get; set; } = 100;

    /// <summary>
    /// Gets or sets the ISO 3166-1 alpha-2 region (such as <c>DE</c>) whose calling code national phone numbers get
    /// when normalized to E.164; <see langword="null"/> keeps national numbers as digits.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    [RegularExpression("^[A-Za-z]{2}$")]
    public string? DefaultPhoneRegion { get; set; }
}
