# Per-statement CPU time of the analytics report's SQL (old = before this change, new = after), Python sqlite3 on a copy of the cached benchmark database.
import sqlite3,time,datetime,resource,sys
path=sys.argv[1]; which=sys.argv[2].split(',')
db=sqlite3.connect(f'file:{path}?mode=ro',uri=True)
db.execute("PRAGMA cache_size=-32768")
def ticks(y,m,d=1): return int((datetime.datetime(y,m,d)-datetime.datetime(1,1,1)).total_seconds())*10**7
s=ticks(2025,3); e=ticks(2026,4); T='bench'; W=90*864000000000
b=[ticks(2025,m) for m in range(3,13)]+[ticks(2026,m) for m in range(1,5)]; n=len(b)-1
vals=", ".join(f"({i},{b[i]},{b[i+1]})" for i in range(n))
YM=lambda c: f"CAST(strftime('%Y%m', ({c} - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER)"
bit="CASE WHEN purchased_at < %d THEN 0 "%b[0]+" ".join(f"WHEN purchased_at < {b[i+1]} THEN {1<<i}" for i in range(n))+" ELSE 0 END"
idx="CASE WHEN f < %d THEN -1 "%b[0]+" ".join(f"WHEN f < {b[i+1]} THEN {i}" for i in range(n))+" ELSE -1 END"
def churn(bs):
    a=", ".join(f"MAX(purchased_at >= {x-W} AND purchased_at < {x}) AS a{k}" for k,x in enumerate(bs))
    o=", ".join([f"COALESCE(SUM(a{k}),0)" for k in range(len(bs))]+[f"COALESCE(SUM(a{k} > a{k+1}),0)" for k in range(len(bs)-1)])
    return f"SELECT {o} FROM (SELECT {a}, customer_id FROM purchases WHERE tenant_id = :t AND purchased_at >= {bs[0]-W} AND purchased_at < {bs[-1]} GROUP BY customer_id)"
acq=("SELECT COALESCE((SELECT i.channel FROM interactions i WHERE i.tenant_id = :t AND i.customer_id = f.customer_id ORDER BY i.occurred_at, i.id LIMIT 1), '(unattributed)') AS channel, COUNT(*) "
     "FROM (SELECT customer_id FROM purchases WHERE tenant_id = :t GROUP BY customer_id HAVING MIN(purchased_at) >= :s AND MIN(purchased_at) < :e) f GROUP BY channel ORDER BY channel")
firsts="SELECT customer_id, MIN(purchased_at) AS first_at FROM purchases WHERE tenant_id = :t GROUP BY customer_id HAVING first_at >= :s AND first_at < :e"
common={
 "churn whole": churn([s,e]), "churn trend": churn(b),
 "acquired by channel": acq,
 "lifecycle stages": "SELECT lifecycle_stage, COUNT(*) FROM customers WHERE tenant_id = :t AND created_at >= :s AND created_at < :e GROUP BY lifecycle_stage",
 "interactions": "SELECT channel, direction, COUNT(*) FROM interactions INDEXED BY ix_interactions_channel WHERE tenant_id = :t AND occurred_at >= :s AND occurred_at < :e GROUP BY channel, direction",
 "customers per bucket": f"WITH b(i,s,e) AS (VALUES {vals}) SELECT b.i, COUNT(c.id) FROM b LEFT JOIN customers c ON c.tenant_id = :t AND c.created_at >= b.s AND c.created_at < b.e GROUP BY b.i",
}
old={
 "order totals (period)": "SELECT COUNT(*), COALESCE(SUM(p.total),0), COUNT(DISTINCT p.customer_id) FROM purchases p WHERE p.tenant_id = :t AND p.purchased_at < :e AND p.currency = 'EUR' AND p.purchased_at >= :s",
 "order totals (history)": "SELECT COUNT(*), COALESCE(SUM(p.total),0), COUNT(DISTINCT p.customer_id) FROM purchases p WHERE p.tenant_id = :t AND p.purchased_at < :e AND p.currency = 'EUR'",
 "revenue trend": f"WITH b(i,s,e) AS (VALUES {vals}) SELECT b.i, COUNT(p.id), COALESCE(SUM(p.total),0), COUNT(DISTINCT p.customer_id) FROM b LEFT JOIN purchases p ON p.tenant_id = :t AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = 'EUR' GROUP BY b.i",
 "cohorts": f"WITH f AS MATERIALIZED (SELECT customer_id, {YM('first_at')} AS cm FROM ({firsts})) SELECT cm, -1, COUNT(*) FROM f GROUP BY cm UNION ALL SELECT f.cm, {YM('p.purchased_at')} AS ym, COUNT(DISTINCT p.customer_id) FROM f JOIN purchases p ON p.tenant_id = :t AND p.customer_id = f.customer_id WHERE p.purchased_at < :e GROUP BY f.cm, ym",
}
new={
 "order totals (period)": "SELECT COALESCE(SUM(n),0), COALESCE(SUM(t),0), COUNT(*) FROM (SELECT p.customer_id, COUNT(*) AS n, SUM(p.total) AS t FROM purchases p INDEXED BY ix_purchases_buyers WHERE p.tenant_id = :t AND p.currency = 'EUR' AND p.purchased_at < :e AND p.purchased_at >= :s GROUP BY p.customer_id)",
 "order totals (history)": "SELECT COALESCE(SUM(n),0), COALESCE(SUM(t),0), COUNT(*) FROM (SELECT p.customer_id, COUNT(*) AS n, SUM(p.total) AS t FROM purchases p INDEXED BY ix_purchases_buyers WHERE p.tenant_id = :t AND p.currency = 'EUR' AND p.purchased_at < :e GROUP BY p.customer_id)",
 "revenue trend": [f"WITH b(i,s,e) AS (VALUES {vals}) SELECT b.i, COUNT(p.total), COALESCE(SUM(p.total),0) FROM b LEFT JOIN purchases p ON p.tenant_id = :t AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = 'EUR' GROUP BY b.i",
                   "SELECT "+", ".join(f"COALESCE(SUM((m >> {k}) & 1), 0)" for k in range(n))+f" FROM (SELECT SUM(DISTINCT {bit}) AS m FROM purchases INDEXED BY ix_purchases_buyers WHERE tenant_id = :t AND currency = 'EUR' AND purchased_at >= :s AND purchased_at < :e GROUP BY customer_id)"],
 "cohorts": f"SELECT {idx} AS c, COUNT(*), "+", ".join(f"SUM((m >> {k}) & 1)" for k in range(n))+f" FROM (SELECT MIN(purchased_at) AS f, SUM(DISTINCT {bit}) AS m FROM purchases INDEXED BY ix_purchases_customer WHERE tenant_id = :t AND purchased_at < :e GROUP BY customer_id HAVING f >= :s) GROUP BY c",
}
def cpu():
    r=resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime+r.ru_stime
for w in which:
    stmts=dict(common); stmts.update(old if w=="old" else new)
    total=0
    for name,sql in stmts.items():
        if w=="old" and name=="lifecycle stages": sql=sql.replace("FROM customers","FROM customers INDEXED BY ix_customers_created")
        if w=="old" and name=="acquired by channel": sql=sql.replace("FROM interactions i","FROM interactions i INDEXED BY ix_interactions_timeline")
        c0=cpu(); t0=time.time()
        for q in (sql if isinstance(sql,list) else [sql]): rows=db.execute(q,{"t":T,"s":s,"e":e}).fetchall()
        c=cpu()-c0; total+=c
        print(f"{w}\t{name}\t{c:.2f} s cpu\t{time.time()-t0:.2f} s wall", flush=True)
    print(f"{w}\tTOTAL\t{total:.2f} s cpu", flush=True)
