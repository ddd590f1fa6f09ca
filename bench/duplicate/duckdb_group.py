#!/usr/bin/env python3
"""Cross-shard duplicate grouping in DuckDB from `transaudit signatures`.

Usage: duckdb_group.py CORPUS [--shards N] [--work DIR] [--cap C]
                       [--compare] [--top K]

1. Runs `transaudit signatures CORPUS --shard k/N -o DIR/sigs_k.csv` for
   k = 1..N, all at once (on a cluster: one per machine, then copy the
   files together; each file is about 6x the corpus size as CSV).
2. In DuckDB SQL, over all the files: identical normalised passages are one
   text (their `hash`); texts sharing an LSH band key are candidate pairs,
   with the duplicate check's own bucket cap (a bucket of more than C texts
   pairs each text only with the next two, so boilerplate keys do not
   explode into quadratic pairs).
3. Prints the candidate counts and the largest clusters (connected
   components of the candidate pairs, by union-find over the hash pairs).
4. With --compare: runs `transaudit check CORPUS --checks duplicate` in one
   process and counts how many of its DU002 pairs (passage copied from
   another document) the DuckDB candidates cover: both ends are the same
   text, or their texts are a candidate pair.

The candidates are not findings: a single run verifies each one (word
similarity, containment) and keeps about one in ten (see the counts it
prints under TRANSAUDIT_DUP_TRACE=1). Verifying needs the passage texts; at
scale, join the candidate pairs back to the corpus and verify them in the
engine, or run `transaudit check --checks duplicate` on the documents that
the candidate clusters touch.

TRANSAUDIT (environment) names the binary [./target/release/transaudit].
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import duckdb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--work", default=None)
    ap.add_argument("--cap", type=int, default=10, help="bucket cap (DuplicateOptions::bucket_cap)")
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--top", type=int, default=5)
    a = ap.parse_args()
    exe = os.environ.get("TRANSAUDIT", "./target/release/transaudit")
    work = a.work or tempfile.mkdtemp(prefix="transaudit-sigs-")
    os.makedirs(work, exist_ok=True)

    t0 = time.time()
    procs = [
        subprocess.Popen([exe, "signatures", a.corpus, f"--shard={k}/{a.shards}", "-q",
                          "--threads=1", "-o", f"{work}/sigs_{k}.csv"])
        for k in range(1, a.shards + 1)
    ]
    if any(p.wait() != 0 for p in procs):
        sys.exit("transaudit signatures failed")
    t1 = time.time()
    print(f"signatures: {a.shards} shards in {t1 - t0:.2f} s -> {work}/sigs_*.csv")

    db = duckdb.connect()
    db.execute(f"""
        CREATE TABLE sig AS SELECT * FROM read_csv('{work}/sigs_*.csv', header = true,
          columns = {{'doc': 'VARCHAR', 'start': 'BIGINT', 'end': 'BIGINT', 'words': 'INTEGER',
                     'kind': 'VARCHAR', 'hash': 'VARCHAR', 'index': 'VARCHAR', 'band': 'INTEGER',
                     'key': 'VARCHAR'}});
        -- One row per passage.
        CREATE TABLE passage AS SELECT DISTINCT doc, start, "end", words, kind, hash FROM sig;
        -- Identical texts share their keys: bucket texts, not passages.
        CREATE TABLE text_key AS SELECT DISTINCT hash, key FROM sig WHERE key IS NOT NULL;
        CREATE TABLE bucket AS SELECT key, hash,
            row_number() OVER (PARTITION BY key ORDER BY hash) AS r,
            count(*) OVER (PARTITION BY key) AS n
          FROM text_key;
        CREATE TABLE candidate AS
          SELECT DISTINCT a.hash AS h1, b.hash AS h2
          FROM bucket a JOIN bucket b ON a.key = b.key AND a.r < b.r
          WHERE a.n <= {a.cap} OR b.r - a.r <= 2;
        -- Texts found in more than one document: exact copies.
        CREATE TABLE exact AS SELECT hash, count(DISTINCT doc) AS docs, count(*) AS passages
          FROM passage GROUP BY hash HAVING count(DISTINCT doc) > 1;
    """)
    one = lambda q: db.execute(q).fetchone()[0]
    t2 = time.time()
    print(f"duckdb: {one('SELECT count(*) FROM sig')} signature rows, "
          f"{one('SELECT count(*) FROM passage')} passages, "
          f"{one('SELECT count(DISTINCT hash) FROM passage')} distinct texts, "
          f"{one('SELECT count(DISTINCT key) FROM text_key')} band keys; {t2 - t1:.2f} s")
    print(f"duckdb: {one('SELECT count(*) FROM exact')} texts in several documents (exact copies, "
          f"{one('SELECT coalesce(sum(passages), 0) FROM exact')} passages); "
          f"{one('SELECT count(*) FROM candidate')} candidate text pairs "
          f"(buckets over the cap of {a.cap}: {one(f'SELECT count(DISTINCT key) FROM bucket WHERE n > {a.cap}')})")

    # Clusters: connected components of the candidate pairs, over texts.
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for h1, h2 in db.execute("SELECT h1, h2 FROM candidate").fetchall():
        r1, r2 = find(h1), find(h2)
        if r1 != r2:
            parent[max(r1, r2)] = min(r1, r2)
    for (h,) in db.execute("SELECT hash FROM exact").fetchall():
        find(h)
    db.execute("CREATE TABLE cluster (hash VARCHAR, cluster VARCHAR)")
    db.executemany("INSERT INTO cluster VALUES (?, ?)", [(h, find(h)) for h in parent])
    rows = db.execute(f"""
        SELECT c.cluster, count(DISTINCT p.hash) AS texts, count(*) AS passages,
               count(DISTINCT p.doc) AS docs, min(p.doc || ':' || p.start || '-' || p."end") AS example
        FROM cluster c JOIN passage p USING (hash)
        GROUP BY c.cluster HAVING count(DISTINCT p.doc) > 1
        ORDER BY docs DESC, passages DESC, example LIMIT {a.top}
    """).fetchall()
    n_clusters = one("""SELECT count(*) FROM (SELECT c.cluster FROM cluster c JOIN passage p USING (hash)
                        GROUP BY c.cluster HAVING count(DISTINCT p.doc) > 1)""")
    print(f"duckdb: {n_clusters} clusters spanning several documents; largest:")
    for cl, texts, passages, docs, example in rows:
        print(f"  {docs} docs, {passages} passages, {texts} distinct texts, e.g. {example}")

    if a.compare:
        report = f"{work}/report.jsonl"
        t3 = time.time()
        subprocess.run([exe, "check", a.corpus, "--checks", "duplicate", "--format", "jsonl",
                        "--fail-on", "never", "-q", "-o", report], check=True)
        print(f"check: one process in {time.time() - t3:.2f} s")
        db.execute(f"""
            CREATE TABLE du AS SELECT doc, start, "end", related_doc, related_start, related_end
              FROM read_json('{report}', format = 'newline_delimited') WHERE rule = 'DU002';
            CREATE TABLE du_h AS SELECT du.*, pa.hash AS ha, pb.hash AS hb
              FROM du
              LEFT JOIN passage pa ON pa.doc = du.doc AND pa.start = du.start AND pa."end" = du."end"
              LEFT JOIN passage pb ON pb.doc = du.related_doc AND pb.start = du.related_start
                                  AND pb."end" = du.related_end;
        """)
        total = one("SELECT count(*) FROM du")
        located = one("SELECT count(*) FROM du_h WHERE ha IS NOT NULL AND hb IS NOT NULL")
        exact = one("SELECT count(*) FROM du_h WHERE ha = hb")
        near = one("""SELECT count(*) FROM du_h JOIN candidate c
                      ON c.h1 = least(ha, hb) AND c.h2 = greatest(ha, hb) WHERE ha <> hb""")
        same_cluster = one("""SELECT count(*) FROM du_h
                              JOIN cluster ca ON ca.hash = ha JOIN cluster cb ON cb.hash = hb
                              WHERE ca.cluster = cb.cluster""")
        print(f"compare: {total} DU002 pairs; {located} with both ends a passage of the signatures")
        print(f"compare: covered by a DuckDB candidate: {exact + near}/{total} = "
              f"{(exact + near) / max(total, 1):.4f} ({exact} exact copies, {near} near-copy pairs); "
              f"both ends in one DuckDB cluster: {same_cluster}/{total} = {same_cluster / max(total, 1):.4f}")
        missed = db.execute("""
            SELECT doc, start, "end", related_doc, related_start, related_end FROM du_h
            WHERE NOT (ha = hb OR EXISTS (SELECT 1 FROM candidate c
                       WHERE c.h1 = least(ha, hb) AND c.h2 = greatest(ha, hb)))
               OR ha IS NULL OR hb IS NULL
            ORDER BY ALL LIMIT 3""").fetchall()
        for m in missed:
            print(f"compare: not a candidate: {m}")


if __name__ == "__main__":
    main()
