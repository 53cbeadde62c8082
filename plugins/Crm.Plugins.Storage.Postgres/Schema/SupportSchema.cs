namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 7: support cases, SLA milestones, assignment turns, alerts and knowledge articles with a weighted tsvector.</summary>
internal static class SupportSchema
{
    public const int Version = 7;

    public const string Name = "support cases, SLA milestones, alerts, knowledge base";

    // Instants follow the provider's convention (timestamptz + *_tick). is_open mirrors the status for the partial
    // indexes of open cases. Milestones and alerts are unique by key, which is what makes timers and rules fire once.
    // Articles carry a generated tsvector (title A, tags B, body C, English stemming) with a GIN index for ts_rank.
    public const string Sql = """
        CREATE TABLE support_cases (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            customer_id uuid NOT NULL,
            subject text COLLATE "C" NOT NULL,
            description text COLLATE "C",
            priority text COLLATE "C" NOT NULL,
            category text COLLATE "C",
            status text COLLATE "C" NOT NULL,
            is_open boolean NOT NULL,
            owner_id text COLLATE "C",
            team_id text COLLATE "C",
            channel text COLLATE "C" NOT NULL,
            sla_policy text COLLATE "C",
            opened_at timestamptz NOT NULL,
            opened_at_tick smallint NOT NULL,
            first_response_at timestamptz,
            first_response_at_tick smallint,
            resolved_at timestamptz,
            resolved_at_tick smallint,
            first_response_due_at timestamptz,
            first_response_due_at_tick smallint,
            resolution_due_at timestamptz,
            resolution_due_at_tick smallint,
            escalation_level integer NOT NULL,
            open_key text COLLATE "C",
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE UNIQUE INDEX ux_support_cases_open_key ON support_cases (tenant_id, open_key) WHERE open_key IS NOT NULL;
        CREATE INDEX ix_support_cases_customer ON support_cases (tenant_id, customer_id, opened_at DESC, opened_at_tick DESC, id DESC);
        CREATE INDEX ix_support_cases_opened ON support_cases (tenant_id, opened_at DESC, opened_at_tick DESC, id DESC);
        CREATE INDEX ix_support_cases_owner_open ON support_cases (tenant_id, owner_id) WHERE is_open;

        CREATE TABLE support_case_milestones (
            tenant_id text COLLATE "C" NOT NULL,
            case_id uuid NOT NULL,
            milestone text COLLATE "C" NOT NULL,
            fired_at timestamptz NOT NULL,
            fired_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, case_id, milestone)
        );

        CREATE TABLE support_assignment_turns (
            tenant_id text COLLATE "C" NOT NULL,
            team_id text COLLATE "C" NOT NULL,
            next_turn bigint NOT NULL,
            PRIMARY KEY (tenant_id, team_id)
        );

        CREATE TABLE support_alerts (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            rule text COLLATE "C" NOT NULL,
            occurrence_key text COLLATE "C" NOT NULL,
            customer_id uuid,
            case_id uuid,
            severity text COLLATE "C" NOT NULL,
            message text COLLATE "C" NOT NULL,
            raised_at timestamptz NOT NULL,
            raised_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, occurrence_key)
        );
        CREATE INDEX ix_support_alerts_raised ON support_alerts (tenant_id, raised_at DESC, raised_at_tick DESC, id DESC);
        CREATE INDEX ix_support_alerts_customer ON support_alerts (tenant_id, customer_id, raised_at DESC, raised_at_tick DESC, id DESC) WHERE customer_id IS NOT NULL;

        CREATE TABLE knowledge_articles (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            title text COLLATE "C" NOT NULL,
            body text COLLATE "C" NOT NULL,
            tags text[] COLLATE "C" NOT NULL,
            tags_text text NOT NULL,
            published boolean NOT NULL,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            search tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english'::regconfig, title), 'A') ||
                setweight(to_tsvector('english'::regconfig, tags_text), 'B') ||
                setweight(to_tsvector('english'::regconfig, body), 'C')) STORED,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_knowledge_articles_search ON knowledge_articles USING gin (search);

        CREATE INDEX ix_interactions_case ON interactions (tenant_id, case_id, occurred_at) WHERE case_id IS NOT NULL;
        """;
}
