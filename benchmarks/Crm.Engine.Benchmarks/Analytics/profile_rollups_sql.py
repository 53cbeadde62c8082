# Per-statement CPU time of the report statements schema 23 changed (old = raw rows, new = one-pass churn and the daily
# rollups), Python sqlite3 on a copy of the benchmark database that has schema 23 applied.
# Usage: python3 profile_rollups_sql.py <db> [rounds]
import sqlite3, datetime, resource, sys, time
path = sys.argv[1]; rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
db.execute("PRAGMA cache_size=-32768")
def ticks(y, m, d=1): return int((datetime.datetime(y, m, d) - datetime.datetime(1, 1, 1)).total_seconds()) * 10**7
TPD = 864000000000
s = ticks(2025, 3); e = ticks(2026, 4); W = 90 * TPD
b = [ticks(2025, m) for m in range(3, 13)] + [ticks(2026, m) for m in range(1, 5)]; n = len(b) - 1
vals = ", ".join(f"({i},{b[i]},{b[i+1]})" for i in range(n))
dvals = ", ".join(f"({i},{b[i]//TPD},{b[i+1]//TPD})" for i in range(n))
def churn(bs):
    a = ", ".join(f"MAX(purchased_at >= {x-W} AND purchased_at < {x}) AS a{k}" for k, x in enumerate(bs))
    o = ", ".join([f"COALESCE(SUM(a{k}),0)" for k in range(len(bs))] + [f"COALESCE(SUM(a{k} > a{k+1}),0)" for k in range(len(bs)-1)])
    return f"SELECT {o} FROM (SELECT {a}, customer_id FROM purchases WHERE tenant_id = :t AND purchased_at >= {bs[0]-W} AND purchased_at < {bs[-1]} GROUP BY customer_id)"
pts = sorted(set([x - W for x in b] + b)); M = len(pts) - 1
case = "CASE " + " ".join(f"WHEN purchased_at < {pts[i+1]} THEN {1<<i}" for i in range(M - 1)) + f" ELSE {1<<(M-1)} END"
churn_new = (f"SELECT m, COUNT(*) FROM (SELECT SUM(DISTINCT {case}) AS m FROM purchases INDEXED BY ix_purchases_customer "
             f"WHERE tenant_id = :t AND purchased_at >= {pts[0]} AND purchased_at < {pts[-1]} GROUP BY customer_id) GROUP BY m")
old = {
    "churn (whole + trend)": [churn([s, e]), churn(b)],
    "interactions": ["SELECT channel, direction, COUNT(*) FROM interactions INDEXED BY ix_interactions_channel WHERE tenant_id = :t AND occurred_at >= :s AND occurred_at < :e GROUP BY channel, direction"],
    "revenue per bucket (orders, revenue)": [f"WITH b(i,s,e) AS (VALUES {vals}) SELECT b.i, COUNT(p.total), COALESCE(SUM(p.total),0) FROM b LEFT JOIN purchases p ON p.tenant_id = :t AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = 'EUR' GROUP BY b.i"],
}
new = {
    "churn (whole + trend)": [churn_new],
    "interactions": [f"SELECT channel, direction, SUM(interactions) AS n FROM analytics_interaction_days WHERE tenant_id = :t AND day >= {s//TPD} AND day < {e//TPD} GROUP BY channel, direction HAVING n > 0"],
    "revenue per bucket (orders, revenue)": [f"WITH b(i,s,e) AS (VALUES {dvals}) SELECT b.i, COALESCE(SUM(d.orders),0), COALESCE(SUM(d.revenue),0) FROM b LEFT JOIN analytics_purchase_days d ON d.tenant_id = :t AND d.day >= b.s AND d.day < b.e AND d.currency = 'EUR' GROUP BY b.i"],
}
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
for _ in range(rounds):
    for name in old:
        out = []
        for label, stmts in (("old", old[name]), ("new", new[name])):
            c0 = cpu(); t0 = time.time()
            for q in stmts: db.execute(q, {"t": "bench", "s": s, "e": e}).fetchall()
            out.append(f"{label} {cpu()-c0:.2f} s cpu / {time.time()-t0:.2f} s wall")
        print(f"{name}\t" + "\t".join(out), flush=True)
