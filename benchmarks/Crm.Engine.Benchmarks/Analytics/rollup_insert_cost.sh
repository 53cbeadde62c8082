#!/bin/sh
# What the schema 23 triggers cost per inserted purchase and interaction: N new rows (copies of existing ones with new
# ids, customers and times shifted) inserted into a copy of a schema-23 benchmark database with the triggers and with
# them dropped, each in a transaction that is rolled back; sqlite3 CLI, so SQL cost only (the engine's own per-row work
# is not counted, and the relative cost through the engine is lower). Prints CPU (user + sys) per run.
# Usage: rollup_insert_cost.sh <copy of a schema-23 db (it is changed: triggers dropped and re-created)> [rows] [rounds]
set -e
db=$1; rows=${2:-50000}; rounds=${3:-2}
triggers=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tr_analytics_%';")
drops=$(sqlite3 "$db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tr_analytics_%';")
inserts="
CREATE TEMP TABLE p AS SELECT tenant_id, randomblob(16) AS id, version, customer_id, order_number, purchased_at + 7777 AS purchased_at, currency, channel, total, created_at FROM purchases ORDER BY random() LIMIT $rows;
CREATE TEMP TABLE i AS SELECT tenant_id, randomblob(16) AS id, version, customer_id, channel, direction, occurred_at - 86400000000 * 30 AS occurred_at, subject, body, external_id, metadata, deal_id, case_id, campaign_id, created_at FROM interactions ORDER BY random() LIMIT $rows;
.timer on
BEGIN; INSERT INTO purchases (tenant_id, id, version, customer_id, order_number, purchased_at, currency, channel, total, created_at) SELECT * FROM p; ROLLBACK;
BEGIN; INSERT INTO interactions (tenant_id, id, version, customer_id, channel, direction, occurred_at, subject, body, external_id, metadata, deal_id, case_id, campaign_id, created_at) SELECT * FROM i; ROLLBACK;
"
for r in $(seq "$rounds"); do
  echo "with triggers (load $(cut -d' ' -f1 /proc/loadavg)): purchases, then interactions"; printf '%s' "$inserts" | sqlite3 "$db" | grep -A0 'Run Time' | tail -2
  sqlite3 "$db" "$drops"
  echo "without triggers (load $(cut -d' ' -f1 /proc/loadavg)): purchases, then interactions"; printf '%s' "$inserts" | sqlite3 "$db" | grep 'Run Time' | tail -2
  sqlite3 "$db" "BEGIN; $triggers COMMIT;"
done
