using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps support data as the engine needs: cases round-trip every field, are unique by
/// open key and updated under optimistic concurrency; listings filter and page newest first; a customer's open and
/// recent cases come in one call; open-case counts per owner and round-robin turns are computed by the store (turns
/// distinct under concurrency); SLA milestones and alerts are recorded once per key; knowledge articles are searched
/// with ranking, tag and draft filters and kept in step with updates and deletes; merges move cases; tenants are isolated.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteSupportConformance(SqliteFixture fixture) : SupportStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class SupportStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Epoch = new(2030, 3, 4, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected SupportStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "support";

    /// <summary>Checks that every field of a case round-trips, and that the stored case has version 1.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Case_RoundTripsEveryField()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var full = NewCase(tenant, Guid.NewGuid(), Epoch) with
            {
                Description = "Parcel 'X' \"lost\"; DROP TABLE support_cases",
                Priority = CasePriority.Urgent,
                Category = "delivery",
                Status = CaseStatus.Pending,
                OwnerId = "agent-1",
                TeamId = "tier1",
                Channel = "email",
                SlaPolicy = "standard",
                FirstResponseAt = Epoch.AddMinutes(5),
                ResolvedAt = null,
                FirstResponseDueAt = Epoch.AddHours(1),
                ResolutionDueAt = Epoch.AddDays(1),
                EscalationLevel = 2,
                OpenKey = "alert:k1",
            };
            var stored = await session.Support.TryInsertCaseAsync(full, None).ConfigureAwait(false);
            Assert.NotNull(stored);
            Assert.Equal(full with { Version = 1 }, stored);
            Assert.Equal(stored, await session.Support.GetCaseAsync(full.Id, None).ConfigureAwait(false));
            Assert.Equal(stored, await session.Support.FindCaseByOpenKeyAsync("alert:k1", None).ConfigureAwait(false));
            Assert.Null(await session.Support.GetCaseAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a second case with a taken open key is not inserted, and that a taken id is a duplicate.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Case_OpenKeyIsUniquePerTenant()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = NewCase(tenant, customer, Epoch) with { OpenKey = "k" };
            Assert.NotNull(await session.Support.TryInsertCaseAsync(first, None).ConfigureAwait(false));
            Assert.Null(await session.Support.TryInsertCaseAsync(NewCase(tenant, customer, Epoch) with { OpenKey = "k" }, None).ConfigureAwait(false));
            Assert.NotNull(await session.Support.TryInsertCaseAsync(NewCase(tenant, customer, Epoch) with { OpenKey = null }, None).ConfigureAwait(false));
            Assert.NotNull(await session.Support.TryInsertCaseAsync(NewCase(tenant, customer, Epoch) with { OpenKey = null }, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Support.TryInsertCaseAsync(first with { OpenKey = null }, None)).ConfigureAwait(false);
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.NotNull(await other.Support.TryInsertCaseAsync(NewCase(other.TenantId, customer, Epoch) with { OpenKey = "k" }, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that an update increments the version and that a stale one fails without changing the case.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Case_UpdateIsOptimistic()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = (await session.Support.TryInsertCaseAsync(NewCase(tenant, Guid.NewGuid(), Epoch), None).ConfigureAwait(false))!;
            var resolved = await session.Support.UpdateCaseAsync(stored with { Status = CaseStatus.Resolved, ResolvedAt = Epoch.AddHours(2), UpdatedAt = Epoch.AddHours(2) }, None).ConfigureAwait(false);
            Assert.Equal(2, resolved.Version);
            Assert.False(resolved.IsOpen);
            var error = await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Support.UpdateCaseAsync(stored with { Subject = "stale" }, None)).ConfigureAwait(false);
            Assert.Equal(2, error.ActualVersion);
            Assert.Equal(resolved, await session.Support.GetCaseAsync(stored.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks the case listing's filters and its newest-first keyset paging.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cases_FilterAndPageNewestFirst()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 5; i++)
            {
                var c = NewCase(tenant, i < 4 ? customer : Guid.NewGuid(), Epoch.AddMinutes(i)) with
                {
                    OwnerId = i % 2 == 0 ? "even" : "odd",
                    Status = i == 1 ? CaseStatus.Closed : CaseStatus.Open,
                };
                ids.Add((await session.Support.TryInsertCaseAsync(c, None).ConfigureAwait(false))!.Id);
            }

            var first = await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer, Page = new PageRequest(2) }, None).ConfigureAwait(false);
            Assert.Equal([ids[3], ids[2]], first.Items.Select(c => c.Id));
            var second = await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer, Page = new PageRequest(2, first.ContinuationToken) }, None).ConfigureAwait(false);
            Assert.Equal([ids[1], ids[0]], second.Items.Select(c => c.Id));
            Assert.Null(second.ContinuationToken);

            var evenOpen = await session.Support.QueryCasesAsync(new CaseQuery { OwnerId = "even", OpenOnly = true }, None).ConfigureAwait(false);
            Assert.Equal([ids[4], ids[2], ids[0]], evenOpen.Items.Select(c => c.Id));
            var closed = await session.Support.QueryCasesAsync(new CaseQuery { Status = CaseStatus.Closed }, None).ConfigureAwait(false);
            Assert.Equal([ids[1]], closed.Items.Select(c => c.Id));
        }
    }

    /// <summary>Checks that a customer's cases come back as all open ones plus the newest ones, and the open case per channel.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CustomerCases_HoldOpenAndRecent()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Oldest first: open (email), resolved, resolved, open (chat), resolved.
            var statuses = new[] { CaseStatus.Open, CaseStatus.Resolved, CaseStatus.Resolved, CaseStatus.New, CaseStatus.Closed };
            var channels = new[] { "email", "email", "email", "chat", "email" };
            var ids = new List<Guid>();
            for (var i = 0; i < statuses.Length; i++)
            {
                ids.Add((await session.Support.TryInsertCaseAsync(NewCase(tenant, customer, Epoch.AddHours(i)) with { Status = statuses[i], Channel = channels[i] }, None).ConfigureAwait(false))!.Id);
            }

            var cases = await session.Support.GetCustomerCasesAsync(customer, 2, None).ConfigureAwait(false);
            Assert.Equal([ids[3], ids[0]], cases.Open.Select(c => c.Id));
            Assert.Equal([ids[4], ids[3]], cases.Recent.Select(c => c.Id));
            Assert.Equal(ids[0], (await session.Support.FindOpenCaseAsync(customer, "email", None).ConfigureAwait(false))!.Id);
            Assert.Null(await session.Support.FindOpenCaseAsync(customer, "sms", None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks the open-case count per owner (closed cases and other owners left out).</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task OpenCaseCounts_PerOwner()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var (owner, status) in new[] { ("a", CaseStatus.Open), ("a", CaseStatus.Pending), ("a", CaseStatus.Resolved), ("b", CaseStatus.New), ("z", CaseStatus.Open) })
            {
                await session.Support.TryInsertCaseAsync(NewCase(tenant, Guid.NewGuid(), Epoch) with { OwnerId = owner, Status = status }, None).ConfigureAwait(false);
            }

            var counts = await session.Support.CountOpenCasesByOwnerAsync(["a", "b", "c"], None).ConfigureAwait(false);
            Assert.Equal(2, counts["a"]); // the resolved one does not count
            Assert.Equal(1, counts["b"]);
            Assert.Equal(0, counts.TryGetValue("c", out var c) ? c : 0);
            Assert.False(counts.ContainsKey("z"));
        }
    }

    /// <summary>Checks that round-robin turns count from 0 per team, and that concurrent sessions get distinct turns.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task AssignmentTurns_AreDistinctUnderConcurrency()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(0, await session.Support.NextAssignmentTurnAsync("t1", None).ConfigureAwait(false));
            Assert.Equal(1, await session.Support.NextAssignmentTurnAsync("t1", None).ConfigureAwait(false));
            Assert.Equal(0, await session.Support.NextAssignmentTurnAsync("t2", None).ConfigureAwait(false));
        }

        var turns = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var s = await OpenAsync(tenant).ConfigureAwait(false);
            await using (s.ConfigureAwait(false))
            {
                return await s.Support.NextAssignmentTurnAsync("t1", None).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), turns.Order());
    }

    /// <summary>Checks that a milestone and an alert occurrence are recorded once, and the alert listing's filters.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task MilestonesAndAlerts_AreRecordedOncePerKey()
    {
        var tenant = NewTenantId();
        var caseId = Guid.NewGuid();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.True(await session.Support.TryRecordSlaMilestoneAsync(caseId, SlaMilestone.FirstResponseBreach, Epoch, None).ConfigureAwait(false));
            Assert.False(await session.Support.TryRecordSlaMilestoneAsync(caseId, SlaMilestone.FirstResponseBreach, Epoch.AddMinutes(1), None).ConfigureAwait(false));
            Assert.True(await session.Support.TryRecordSlaMilestoneAsync(caseId, SlaMilestone.ResolutionBreach, Epoch, None).ConfigureAwait(false));

            var alert = new Alert { Id = Guid.NewGuid(), TenantId = tenant, Rule = "complaints", OccurrenceKey = "complaints:1", CustomerId = customer, CaseId = caseId, Severity = AlertSeverity.Critical, Message = "3 complaints", RaisedAt = Epoch };
            Assert.True(await session.Support.TryInsertAlertAsync(alert, None).ConfigureAwait(false));
            Assert.False(await session.Support.TryInsertAlertAsync(alert with { Id = Guid.NewGuid() }, None).ConfigureAwait(false));
            var later = alert with { Id = Guid.NewGuid(), OccurrenceKey = "complaints:2", RaisedAt = Epoch.AddDays(7) };
            Assert.True(await session.Support.TryInsertAlertAsync(later, None).ConfigureAwait(false));
            Assert.True(await session.Support.TryInsertAlertAsync(alert with { Id = Guid.NewGuid(), Rule = "other", OccurrenceKey = "other:1", CustomerId = null, CaseId = null }, None).ConfigureAwait(false));

            var mine = await session.Support.QueryAlertsAsync(new AlertQuery { CustomerId = customer, Page = new PageRequest(1) }, None).ConfigureAwait(false);
            Assert.Equal(later, Assert.Single(mine.Items));
            var rest = await session.Support.QueryAlertsAsync(new AlertQuery { CustomerId = customer, Page = new PageRequest(1, mine.ContinuationToken) }, None).ConfigureAwait(false);
            Assert.Equal(alert, Assert.Single(rest.Items));
            Assert.Single((await session.Support.QueryAlertsAsync(new AlertQuery { Rule = "other" }, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>Checks article storage and ranked search: title hits first, tag and draft filters, re-indexing on update, delete.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Articles_SearchRankedAndKeptInStep()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var refund = await session.Support.SaveArticleAsync(Article(tenant, "How refunds work", "Refunds are paid back to the card within five days.", "billing"), None).ConfigureAwait(false);
            var shipping = await session.Support.SaveArticleAsync(Article(tenant, "Shipping times", "Parcels ship in two days. A late parcel can be refunded.", "delivery"), None).ConfigureAwait(false);
            var draft = await session.Support.SaveArticleAsync(Article(tenant, "Refund policy draft", "Refund rules being written.", "billing") with { Published = false }, None).ConfigureAwait(false);
            Assert.Equal(1, refund.Version);
            var read = await session.Support.GetArticleAsync(refund.Id, None).ConfigureAwait(false);
            Assert.NotNull(read);
            Assert.Equal(refund.Tags, read.Tags);
            Assert.Equal(refund with { Tags = [] }, read with { Tags = [] }); // lists compare by reference in records

            var hits = await session.Support.SearchArticlesAsync(["refund"], new KnowledgeSearch { Text = "refund" }, None).ConfigureAwait(false);
            Assert.Equal([refund.Id, shipping.Id], hits.Select(h => h.Article.Id)); // title hit outranks a body hit; the draft is left out
            Assert.True(hits[0].Score > hits[1].Score);
            var withDrafts = await session.Support.SearchArticlesAsync(["refund"], new KnowledgeSearch { Text = "refund", PublishedOnly = false }, None).ConfigureAwait(false);
            Assert.Contains(withDrafts, h => h.Article.Id == draft.Id);
            var delivery = await session.Support.SearchArticlesAsync(["refund"], new KnowledgeSearch { Text = "refund", Tag = "delivery" }, None).ConfigureAwait(false);
            Assert.Equal([shipping.Id], delivery.Select(h => h.Article.Id));

            var renamed = await session.Support.SaveArticleAsync(shipping with { Title = "Delivery times", Body = "Parcels ship in two days." }, None).ConfigureAwait(false);
            Assert.Equal(2, renamed.Version);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Support.SaveArticleAsync(shipping with { Title = "stale" }, None)).ConfigureAwait(false);
            Assert.Equal([refund.Id], (await session.Support.SearchArticlesAsync(["refund"], new KnowledgeSearch { Text = "refund" }, None).ConfigureAwait(false)).Select(h => h.Article.Id));
            Assert.Equal([renamed.Id], (await session.Support.SearchArticlesAsync(["delivery"], new KnowledgeSearch { Text = "delivery" }, None).ConfigureAwait(false)).Select(h => h.Article.Id));

            Assert.True(await session.Support.DeleteArticleAsync(refund.Id, None).ConfigureAwait(false));
            Assert.False(await session.Support.DeleteArticleAsync(refund.Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Support.SearchArticlesAsync(["refunds"], new KnowledgeSearch { Text = "refunds" }, None).ConfigureAwait(false));
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty(await other.Support.SearchArticlesAsync(["parcels"], new KnowledgeSearch { Text = "parcels" }, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a merge moves the merged customer's cases (and only those) to the survivor.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Repoint_MovesCasesToSurvivor()
    {
        var tenant = NewTenantId();
        var (survivor, merged, bystander) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Support.TryInsertCaseAsync(NewCase(tenant, merged, Epoch), None).ConfigureAwait(false);
            await session.Support.TryInsertCaseAsync(NewCase(tenant, merged, Epoch.AddHours(1)), None).ConfigureAwait(false);
            await session.Support.TryInsertCaseAsync(NewCase(tenant, bystander, Epoch), None).ConfigureAwait(false);
            Assert.Equal(2, await session.Support.RepointCustomerAsync(survivor, merged, None).ConfigureAwait(false));
            Assert.Equal(2, (await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = survivor }, None).ConfigureAwait(false)).Items.Count);
            Assert.Empty((await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = merged }, None).ConfigureAwait(false)).Items);
            Assert.Single((await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = bystander }, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>Checks that one tenant sees none of another's cases.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cases_AreIsolatedByTenant()
    {
        var customer = Guid.NewGuid();
        Guid id;
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            id = (await session.Support.TryInsertCaseAsync(NewCase(session.TenantId, customer, Epoch) with { OwnerId = "a" }, None).ConfigureAwait(false))!.Id;
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Support.GetCaseAsync(id, None).ConfigureAwait(false));
            Assert.Empty((await other.Support.QueryCasesAsync(new CaseQuery(), None).ConfigureAwait(false)).Items);
            Assert.Empty((await other.Support.GetCustomerCasesAsync(customer, 10, None).ConfigureAwait(false)).Recent);
            Assert.Equal(0, (await other.Support.CountOpenCasesByOwnerAsync(["a"], None).ConfigureAwait(false)).GetValueOrDefault("a"));
        }
    }

    /// <summary>
    /// Checks the <c>cases</c> relation of the customer catalog in the provider's customer search: open-case counts,
    /// a recent high-priority case, a breached resolution due time, and a customer without cases, each against the
    /// in-memory evaluator over the same records.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CustomerSearch_FiltersByTheCasesRelation()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var names = new[] { "three-open", "two-open-one-closed", "old-high", "recent-high", "none" };
            var ids = new Dictionary<string, Customer>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                ids[names[i]] = await session.Customers.InsertAsync(ConformanceData.Customer(tenant, i, Epoch.AddDays(-30)) with { FirstName = names[i] }, None).ConfigureAwait(false);
            }

            var cases = new List<SupportCase>
            {
                NewCase(tenant, ids["three-open"].Id, Epoch.AddDays(-1)) with { Status = CaseStatus.New },
                NewCase(tenant, ids["three-open"].Id, Epoch.AddDays(-2)) with { Status = CaseStatus.Open },
                NewCase(tenant, ids["three-open"].Id, Epoch.AddDays(-3)) with { Status = CaseStatus.Pending, ResolutionDueAt = Epoch.AddHours(-1) },
                NewCase(tenant, ids["two-open-one-closed"].Id, Epoch.AddDays(-1)) with { Status = CaseStatus.Open },
                NewCase(tenant, ids["two-open-one-closed"].Id, Epoch.AddDays(-2)) with { Status = CaseStatus.Open },
                NewCase(tenant, ids["two-open-one-closed"].Id, Epoch.AddDays(-3)) with { Status = CaseStatus.Closed, ResolvedAt = Epoch.AddDays(-2), ResolutionDueAt = Epoch.AddHours(-1) },
                NewCase(tenant, ids["old-high"].Id, Epoch.AddDays(-10)) with { Priority = CasePriority.High, Status = CaseStatus.Open, EscalationLevel = 1 },
                NewCase(tenant, ids["recent-high"].Id, Epoch.AddDays(-2)) with { Priority = CasePriority.High, Status = CaseStatus.Resolved, ResolvedAt = Epoch.AddDays(-1), Category = "billing" },
            };
            foreach (var supportCase in cases)
            {
                Assert.NotNull(await session.Support.TryInsertCaseAsync(supportCase, None).ConfigureAwait(false));
            }

            (string Condition, string[] Expected)[] checks =
            [
                ("""{"count":"cases","where":{"field":"status","op":"in","value":["New","Open","Pending"]},"op":"gt","value":2}""", ["three-open"]),
                ("""{"count":"cases","where":{"field":"status","op":"in","value":["New","Open","Pending"]},"op":"gte","value":2}""", ["three-open", "two-open-one-closed"]),
                ("""{"some":"cases","where":{"all":[{"field":"priority","op":"eq","value":"High"},{"field":"openedAt","op":"gte","value":"P7D"}]}}""", ["recent-high"]),
                // Open and past its resolution due time: the closed case with the same due time does not count.
                ("""{"some":"cases","where":{"all":[{"field":"status","op":"ne","value":"Closed"},{"field":"status","op":"ne","value":"Resolved"},{"field":"resolutionDueAt","op":"lt","value":"2030-03-04T09:30:00Z"}]}}""", ["three-open"]),
                ("""{"some":"cases","where":{"all":[{"field":"status","op":"in","value":["New","Open","Pending"]},{"field":"resolutionDueAt","op":"lt","value":"PT0S"}]}}""", ["three-open"]),
                ("""{"count":"cases","op":"eq","value":0}""", ["none"]),
                ("""{"some":"cases","where":{"any":[{"field":"escalationLevel","op":"gte","value":1},{"field":"category","op":"eq","value":"billing"}]}}""", ["old-high", "recent-high"]),
                ("""{"some":"cases","where":{"field":"resolvedAt","op":"exists"}}""", ["recent-high", "two-open-one-closed"]),
            ];
            foreach (var (condition, expected) in checks)
            {
                var filter = ConditionParser.Parse(condition, CrmFields.Customer);
                var page = await session.Customers.QueryAsync(new StorageQuery { Filter = filter, AsOf = Epoch, Page = new PageRequest(50) }, None).ConfigureAwait(false);
                Assert.Equal(expected.Order(StringComparer.Ordinal), page.Items.Select(c => c.FirstName).Order(StringComparer.Ordinal));
                var compiled = ConditionEvaluator.Compile(filter, CrmFields.Customer);
                var inMemory = ids.Values.Where(c => compiled.Matches(new CustomerConditionTarget(c, [], [], [.. cases.Where(x => x.CustomerId == c.Id)]), Epoch));
                Assert.Equal(expected.Order(StringComparer.Ordinal), inMemory.Select(c => c.FirstName).Order(StringComparer.Ordinal));
            }
        }
    }

    private static SupportCase NewCase(string tenant, Guid customer, DateTimeOffset openedAt) => new()
    {
        Id = Guid.CreateVersion7(openedAt),
        TenantId = tenant,
        CustomerId = customer,
        Subject = "Parcel missing",
        OpenedAt = openedAt,
        UpdatedAt = openedAt,
    };

    private static KnowledgeArticle Article(string tenant, string title, string body, params string[] tags) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Title = title,
        Body = body,
        Tags = tags,
        CreatedAt = Epoch,
        UpdatedAt = Epoch,
    };
}
