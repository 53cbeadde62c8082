namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 11: surveys, survey invitations and responses.</summary>
internal static class FeedbackSchema
{
    public const int Version = 11;

    public const string Name = "surveys, invitations and responses";

    // nps_score and csat_score repeat the NPS and CSAT answers as columns, so scores are aggregated by the index below
    // without reading the answers' JSON. An invitation is answered once: the unique partial index enforces it.
    public const string Sql = """
        CREATE TABLE surveys (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            name TEXT NOT NULL,
            questions TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;

        CREATE TABLE survey_invitations (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            survey_id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            case_id BLOB,
            campaign_id BLOB,
            agent_id TEXT,
            segment TEXT,
            channel TEXT,
            message_id BLOB,
            sent_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;

        CREATE TABLE survey_responses (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            survey_id BLOB NOT NULL,
            invitation_id BLOB,
            customer_id BLOB NOT NULL,
            case_id BLOB,
            campaign_id BLOB,
            agent_id TEXT,
            segment TEXT,
            nps_score INTEGER CHECK (nps_score BETWEEN 0 AND 10),
            csat_score INTEGER CHECK (csat_score BETWEEN 1 AND 5),
            answers TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ux_survey_responses_invitation ON survey_responses (tenant_id, invitation_id) WHERE invitation_id IS NOT NULL;
        CREATE INDEX ix_survey_responses_received ON survey_responses (tenant_id, received_at, nps_score, csat_score);
        CREATE INDEX ix_survey_responses_customer ON survey_responses (tenant_id, customer_id, received_at DESC, id DESC);
        """;
}
