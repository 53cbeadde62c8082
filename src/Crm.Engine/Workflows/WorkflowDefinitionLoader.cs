using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Json;
using NJsonSchema;

namespace Crm.Engine.Workflows;

/// <summary>
/// Reads workflow definitions from JSON and checks them: the JSON Schema first, then the meaning (unknown or
/// unreachable states, overlapping transitions, timers on final states, unknown actions and action parameters,
/// guards on unknown fields...). Every error names the file, JSON path, line and column.
/// </summary>
public sealed class WorkflowDefinitionLoader
{
    private readonly Dictionary<string, IWorkflowAction> _actions;
    private readonly Dictionary<string, JsonSchema> _actionSchemas = new(StringComparer.Ordinal);

    /// <summary>Initializes a loader that accepts the given actions.</summary>
    /// <param name="actions">The actions definitions may call (built-in and plugin actions).</param>
    /// <exception cref="ArgumentException">Two actions share a name, or an action's parameter schema is not valid JSON Schema.</exception>
    public WorkflowDefinitionLoader(IEnumerable<IWorkflowAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        _actions = new Dictionary<string, IWorkflowAction>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!_actions.TryAdd(action.Name, action))
            {
                throw new ArgumentException($"Two workflow actions are named '{action.Name}'.", nameof(actions));
            }

            try
            {
                _actionSchemas[action.Name] = JsonSchema.FromJsonAsync(action.ParameterSchema).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException)
            {
                throw new ArgumentException($"The parameter schema of workflow action '{action.Name}' is invalid: {e.Message}", nameof(actions), e);
            }
        }
    }

    /// <summary>Gets the names of the actions definitions may call.</summary>
    public IEnumerable<string> ActionNames => _actions.Keys;

    /// <summary>Reads and checks a definition file.</summary>
    /// <param name="path">The file path; used as the source in error messages.</param>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="CrmValidationException">The definition is invalid; every problem is listed.</exception>
    public async Task<WorkflowDefinition> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Load(json, path);
    }

    /// <summary>Reads and checks a definition.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file or source name for error messages.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="CrmValidationException">The definition is invalid; every problem is listed.</exception>
    public WorkflowDefinition Load(string json, string? source = null)
    {
        var (definition, errors) = Validate(json, source);
        return definition ?? throw new CrmValidationException(errors);
    }

    /// <summary>Checks a definition and returns every problem instead of throwing.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file or source name for error messages.</param>
    /// <returns>The definition when valid, and the problems found (empty when valid).</returns>
    public (WorkflowDefinition? Definition, IReadOnlyList<ValidationError> Errors) Validate(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json);
        JsonPositionMap positions;
        try
        {
            positions = JsonPositionMap.Build(utf8);
        }
        catch (JsonException e)
        {
            return (null, [JsonPositionMap.FromSyntaxError(e, source)]);
        }

        // Comments and trailing commas are fine for our reader but not for NJsonSchema's: validate a normalized copy.
        using var document = JsonDocument.Parse(utf8, JsonPositionMap.DocumentOptions);
        var rangeErrors = new List<ValidationError>();
        if (!SchemaNumbers.Check(document.RootElement, JsonPath.Root, rangeErrors))
        {
            return (null, rangeErrors.ConvertAll(e => positions.Locate(e, source)));
        }

        var schemaErrors = WorkflowSchemaErrors.Convert(WorkflowSchemas.Workflow.Validate(document.RootElement.GetRawText()), JsonPath.Root)
            .Select(e => positions.Locate(e with { Line = null, Column = null }, source))
            .ToList();
        if (schemaErrors.Count > 0)
        {
            return (null, schemaErrors);
        }

        var context = new LoadContext(positions, source);
        var definition = Build(document.RootElement, context);
        return context.Errors.Count > 0 ? (null, context.Errors) : (definition with { Source = source }, []);
    }

    private WorkflowDefinition Build(JsonElement root, LoadContext context)
    {
        var id = root.GetProperty("id").GetString()!;
        var version = root.GetProperty("version").GetInt32();
        var entity = Enum.Parse<WorkflowEntity>(root.GetProperty("entity").GetString()!, ignoreCase: true);
        var calendars = ReadCalendars(root, context);
        var triggers = ReadTriggers(root, context);
        var states = ReadStates(root, calendars, triggers, context);
        var initial = root.GetProperty("initialState").GetString()!;
        if (!states.ContainsKey(initial))
        {
            context.Error("$.initialState", $"the initial state '{initial}' is not declared in 'states'.{Suggest(initial, states.Keys)}", "unknownState");
        }

        var transitions = ReadTransitions(root, entity, states, triggers, context);
        var definition = new WorkflowDefinition
        {
            Id = id,
            Version = version,
            Description = root.TryGetProperty("description", out var description) ? description.GetString() : null,
            Entity = entity,
            InitialState = initial,
            States = states,
            Transitions = transitions,
            Triggers = triggers,
            Calendars = calendars,
            Retry = ReadRetry(root, context),
            MigrateFrom = ReadMigration(root, version, states, context),
        };
        if (context.Errors.Count == 0)
        {
            WorkflowStructureChecks.Check(definition, context);
        }

        context.Relocate();
        return definition;
    }

    private static Dictionary<string, BusinessCalendar> ReadCalendars(JsonElement root, LoadContext context)
    {
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        if (!root.TryGetProperty("calendars", out var element))
        {
            return calendars;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = JsonPath.Property("$.calendars", property.Name);
            var value = property.Value;
            var zoneName = value.GetProperty("timeZone").GetString()!;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
            {
                context.Error(path + ".timeZone", $"unknown time zone '{zoneName}'; use an IANA name such as 'Europe/Berlin'.", "timeZone");
                continue;
            }

            var start = TimeOnly.ParseExact(value.GetProperty("start").GetString()!, "HH:mm", CultureInfo.InvariantCulture);
            var endText = value.GetProperty("end").GetString()!;
            var end = endText == "24:00" ? TimeOnly.MaxValue : TimeOnly.ParseExact(endText, "HH:mm", CultureInfo.InvariantCulture);
            if (end <= start)
            {
                context.Error(path + ".end", $"the working day must end after it starts ({start:HH\\:mm}).", "range");
            }

            var holidays = new HashSet<DateOnly>();
            if (value.TryGetProperty("holidays", out var holidayList))
            {
                var index = 0;
                foreach (var holiday in holidayList.EnumerateArray())
                {
                    if (DateOnly.TryParseExact(holiday.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        holidays.Add(date);
                    }
                    else
                    {
                        context.Error($"{path}.holidays[{index}]", $"'{holiday.GetString()}' is not a calendar date.", "date");
                    }

                    index++;
                }
            }

            calendars[property.Name] = new BusinessCalendar
            {
                Name = property.Name,
                TimeZone = zone,
                WorkingDays = value.GetProperty("workingDays").EnumerateArray().Select(d => Enum.Parse<DayOfWeek>(d.GetString()!, ignoreCase: true)).ToHashSet(),
                Start = start,
                End = end,
                Holidays = holidays,
            };
        }

        return calendars;
    }

    private static Dictionary<string, WorkflowTrigger> ReadTriggers(JsonElement root, LoadContext context)
    {
        var triggers = new Dictionary<string, WorkflowTrigger>(StringComparer.Ordinal);
        if (!root.TryGetProperty("triggers", out var element))
        {
            return triggers;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = JsonPath.Property("$.triggers", property.Name);
            JsonSchema? payload = null;
            if (property.Value.TryGetProperty("payload", out var payloadElement))
            {
                try
                {
                    payload = JsonSchema.FromJsonAsync(payloadElement.GetRawText()).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException)
                {
                    context.Error(path + ".payload", $"the payload schema is not a valid JSON Schema: {e.Message}", "schema");
                }
            }

            var events = new List<WorkflowEventBinding>();
            if (property.Value.TryGetProperty("on", out var on))
            {
                var index = 0;
                foreach (var binding in on.EnumerateArray())
                {
                    var bindingPath = $"{path}.on[{index++}]";
                    var eventName = binding.GetProperty("event").GetString()!;
                    Condition? where = null;
                    if (binding.TryGetProperty("where", out var whereElement))
                    {
                        where = ConditionParser.TryParse(whereElement, bindingPath + ".where", EventCatalog(eventName), context.Errors);
                    }

                    events.Add(new WorkflowEventBinding(eventName, where));
                }
            }

            triggers[property.Name] = new WorkflowTrigger { Name = property.Name, PayloadSchema = payload, Events = events };
        }

        context.Relocate();
        return triggers;
    }

    private Dictionary<string, WorkflowState> ReadStates(JsonElement root, Dictionary<string, BusinessCalendar> calendars, Dictionary<string, WorkflowTrigger> triggers, LoadContext context)
    {
        var states = new Dictionary<string, WorkflowState>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("states").EnumerateObject())
        {
            var path = JsonPath.Property("$.states", property.Name);
            var value = property.Value;
            var timeouts = new List<WorkflowTimeout>();
            if (value.TryGetProperty("timeouts", out var timeoutList))
            {
                var index = 0;
                foreach (var timeout in timeoutList.EnumerateArray())
                {
                    var timeoutPath = $"{path}.timeouts[{index++}]";
                    var after = IsoDuration.Parse(timeout.GetProperty("after").GetString()!);
                    var fire = timeout.GetProperty("fire").GetString()!;
                    var calendar = timeout.TryGetProperty("calendar", out var calendarElement) ? calendarElement.GetString() : null;
                    if (!triggers.ContainsKey(fire))
                    {
                        context.Error(timeoutPath + ".fire", $"the timer fires trigger '{fire}', which is not declared in 'triggers'.{Suggest(fire, triggers.Keys)}", "unknownTrigger");
                    }

                    if (calendar is not null && !calendars.ContainsKey(calendar))
                    {
                        context.Error(timeoutPath + ".calendar", $"calendar '{calendar}' is not declared in 'calendars'.{Suggest(calendar, calendars.Keys)}", "unknownCalendar");
                    }

                    if (calendar is not null && (after.Years != 0 || after.Months != 0))
                    {
                        context.Error(timeoutPath + ".after", $"'{after}' has years or months; business time counts days and hours only.", "duration");
                    }

                    if (after.IsZero)
                    {
                        context.Error(timeoutPath + ".after", "a timer must wait for a positive duration.", "duration");
                    }

                    timeouts.Add(new WorkflowTimeout(after, fire, calendar));
                }
            }

            states[property.Name] = new WorkflowState
            {
                Name = property.Name,
                Parent = value.TryGetProperty("parent", out var parent) ? parent.GetString() : null,
                Initial = value.TryGetProperty("initial", out var initial) ? initial.GetString() : null,
                IsFinal = value.TryGetProperty("final", out var final) && final.GetBoolean(),
                OnEntry = ReadActions(value, "onEntry", path, context),
                OnExit = ReadActions(value, "onExit", path, context),
                Timeouts = timeouts,
                Path = path,
            };
        }

        return states;
    }

    private List<WorkflowTransition> ReadTransitions(JsonElement root, WorkflowEntity entity, Dictionary<string, WorkflowState> states, Dictionary<string, WorkflowTrigger> triggers, LoadContext context)
    {
        var transitions = new List<WorkflowTransition>();
        if (!root.TryGetProperty("transitions", out var element))
        {
            return transitions;
        }

        var index = 0;
        foreach (var value in element.EnumerateArray())
        {
            var path = $"$.transitions[{index++}]";
            var from = value.GetProperty("from").GetString()!;
            var trigger = value.GetProperty("trigger").GetString()!;
            var to = value.TryGetProperty("to", out var toElement) ? toElement.GetString() : null;
            var reentry = value.TryGetProperty("reentry", out var reentryElement) && reentryElement.GetBoolean();
            CheckStateReference(states, from, path + ".from", context);
            if (to is not null)
            {
                CheckStateReference(states, to, path + ".to", context);
            }

            if (reentry && to != from)
            {
                context.Error(path + ".reentry", $"a re-entry transition must target its own state '{from}'.", "reentry");
            }

            Condition? guard = null;
            if (!triggers.TryGetValue(trigger, out var declared))
            {
                context.Error(path + ".trigger", $"trigger '{trigger}' is not declared in 'triggers'.{Suggest(trigger, triggers.Keys)}", "unknownTrigger");
            }
            else if (value.TryGetProperty("guard", out var guardElement))
            {
                guard = ConditionParser.TryParse(guardElement, path + ".guard", GuardCatalog(entity, declared), context.Errors);
            }

            transitions.Add(new WorkflowTransition
            {
                From = from,
                Trigger = trigger,
                To = to,
                IsReentry = reentry,
                Guard = guard,
                GuardDescription = value.TryGetProperty("guardDescription", out var description) ? description.GetString() : null,
                Actions = ReadActions(value, "actions", path, context),
                Path = path,
            });
        }

        context.Relocate();
        return transitions;
    }

    private List<WorkflowActionInvocation> ReadActions(JsonElement owner, string property, string ownerPath, LoadContext context)
    {
        var result = new List<WorkflowActionInvocation>();
        if (!owner.TryGetProperty(property, out var list))
        {
            return result;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{ownerPath}.{property}[{index++}]";
            var name = item.GetProperty("action").GetString()!;
            var parameters = item.TryGetProperty("params", out var p) ? p.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
            if (!_actions.ContainsKey(name))
            {
                context.Error(path + ".action", $"unknown action '{name}'.{Suggest(name, _actions.Keys)} Known actions: {string.Join(", ", _actions.Keys.Order(StringComparer.Ordinal))}.", "unknownAction");
            }
            else
            {
                foreach (var error in WorkflowSchemaErrors.Convert(_actionSchemas[name].Validate(parameters.GetRawText()), path + ".params"))
                {
                    context.Error(error.Path, $"action '{name}': {error.Message}", "actionParameters");
                }
            }

            result.Add(new WorkflowActionInvocation(name, parameters, path));
        }

        return result;
    }

    private static WorkflowRetryPolicy ReadRetry(JsonElement root, LoadContext context)
    {
        if (!root.TryGetProperty("retry", out var retry))
        {
            return WorkflowRetryPolicy.Default;
        }

        var policy = WorkflowRetryPolicy.Default with { Attempts = retry.GetProperty("attempts").GetInt32() };
        if (retry.TryGetProperty("backoff", out var backoff))
        {
            policy = policy with { Backoff = ToTimeSpan(IsoDuration.Parse(backoff.GetString()!)) };
        }

        if (retry.TryGetProperty("maxBackoff", out var maxBackoff))
        {
            policy = policy with { MaxBackoff = ToTimeSpan(IsoDuration.Parse(maxBackoff.GetString()!)) };
        }

        if (retry.TryGetProperty("jitter", out var jitter))
        {
            policy = policy with { Jitter = jitter.GetDouble() };
        }

        if (policy.MaxBackoff < policy.Backoff)
        {
            context.Error("$.retry.maxBackoff", "must not be shorter than 'backoff'.", "range");
        }

        return policy;
    }

    private static WorkflowMigration? ReadMigration(JsonElement root, int version, Dictionary<string, WorkflowState> states, LoadContext context)
    {
        if (!root.TryGetProperty("migrateFrom", out var element))
        {
            return null;
        }

        var fromVersion = element.GetProperty("version").GetInt32();
        if (fromVersion >= version)
        {
            context.Error("$.migrateFrom.version", $"must be lower than this definition's version {version}.", "range");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.GetProperty("states").EnumerateObject())
        {
            var target = property.Value.GetString()!;
            CheckStateReference(states, target, JsonPath.Property("$.migrateFrom.states", property.Name), context);
            map[property.Name] = target;
        }

        return new WorkflowMigration(fromVersion, map);
    }

    private static void CheckStateReference(Dictionary<string, WorkflowState> states, string name, string path, LoadContext context)
    {
        if (!states.ContainsKey(name))
        {
            context.Error(path, $"state '{name}' is not declared in 'states'.{Suggest(name, states.Keys)}", "unknownState");
        }
    }

    /// <summary>Returns the catalog a guard is checked against: the entity's fields plus the trigger's payload fields.</summary>
    internal static FieldCatalog GuardCatalog(WorkflowEntity entity, WorkflowTrigger trigger)
    {
        var entityCatalog = entity switch
        {
            WorkflowEntity.Customer or WorkflowEntity.Lead => CrmFields.Customer,
            WorkflowEntity.Deal => WorkflowEntityFields.Deal,
            _ => WorkflowEntityFields.Case,
        };
        var payloadFields = trigger.PayloadSchema?.ActualProperties.Keys.ToArray() ?? [];
        return payloadFields.Length > 0
            ? WorkflowEntityFields.WithPayload(entityCatalog, trigger.PayloadSchema!)
            : entityCatalog.WithDynamicPrefix("payload.");
    }

    internal static FieldCatalog EventCatalog(string eventName) => eventName switch
    {
        "interactionRecorded" => CrmFields.Interaction,
        "purchaseRecorded" => CrmFields.Purchase,
        _ => CrmFields.Customer,
    };

    private static TimeSpan ToTimeSpan(IsoDuration duration) =>
        TimeSpan.FromDays((duration.Years * 365) + (duration.Months * 30) + duration.Days) + duration.Time;

    internal static string Suggest(string name, IEnumerable<string> known)
    {
        var best = Suggestions.Closest(name, known);
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    /// <summary>Collects errors and adds file and position to each.</summary>
    internal sealed class LoadContext(JsonPositionMap positions, string? source)
    {
        public List<ValidationError> Errors { get; } = [];

        public void Error(string path, string message, string rule) =>
            Errors.Add(positions.Locate(new ValidationError(path, message) { Rule = rule }, source));

        /// <summary>Locates errors that the condition parser added without positions.</summary>
        public void Relocate()
        {
            for (var i = 0; i < Errors.Count; i++)
            {
                if (Errors[i].Line is null)
                {
                    Errors[i] = positions.Locate(Errors[i], source);
                }
            }
        }
    }
}
