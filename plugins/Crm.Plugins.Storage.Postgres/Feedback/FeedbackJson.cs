using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Engine.Feedback;

namespace Crm.Plugins.Storage.Postgres.Feedback;

/// <summary>Source-generated JSON for the survey questions and answers columns (the format the SQLite provider writes).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<SurveyQuestion>))]
[JsonSerializable(typeof(IReadOnlyList<SurveyAnswer>))]
internal sealed partial class FeedbackJson : JsonSerializerContext;
