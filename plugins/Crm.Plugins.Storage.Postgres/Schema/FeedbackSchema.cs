namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 18: surveys, survey invitations and responses (step 11 on SQLite).</summary>
internal static class FeedbackSchema
{
    public const int Version = 18;

    public const string Name = "surveys, invitations and responses";

    // Instants follow the provider's convention (timestamptz + *_tick). nps_score and csat_score repeat the NPS and CSAT
    // answers as columns, so scores are aggregated from the covering index below without reading the answers' JSON. An
    // invitation is answered once: the unique partial index enforces it.
    public const string Sql = """
        CREATE TABLE surveys (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            name text COLLATE "C" NOT NULL,
            questions jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );

        CREATE TABLE survey_invitations (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            survey_id uuid NOT NULL,
            customer_id uuid NOT NULL,
            case_id uuid,
            campaign_id uuid,
            agent_id text COLLATE "C",
            segment text COLLATE "C",
            channel text COLLATE "C",
            message_id uuid,
            sent_at timestamptz NOT NULL,
            sent_at_tick smallint NOT NULL,
            expires_at timestamptz NOT NULL,
            expires_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );

        CREATE TABLE survey_responses (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            survey_id uuid NOT NULL,
            invitation_id uuid,
            customer_id uuid NOT NULL,
            case_id uuid,
            campaign_id uuid,
            agent_id text COLLATE "C",
            segment text COLLATE "C",
            nps_score smallint CHECK (nps_score BETWEEN 0 AND 10),
            csat_score smallint CHECK (csat_score BETWEEN 1 AND 5),
            answers jsonb NOT NULL,
            received_at timestamptz NOT NULL,
            received_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE UNIQUE INDEX ux_survey_responses_invitation ON survey_responses (tenant_id, invitation_id) WHERE invitation_id IS NOT NULL;
        CREATE INDEX ix_survey_responses_received ON survey_responses (tenant_id, received_at, received_at_tick)
            INCLUDE (nps_score, csat_score, segment, agent_id, survey_id, campaign_id);
        CREATE INDEX ix_survey_responses_customer ON survey_responses (tenant_id, customer_id, received_at DESC, received_at_tick DESC, id DESC);
        """;
}
