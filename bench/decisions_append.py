"""Decisions 69-70 (issue 21, B4 and B9 write: a check-in that does not parse and rewrite the check-ins; B1's
repetitions). Measured on 2026-12-03 between 13:50 and 14:10 UTC on the shared 2-core machine (load average
0.5-0.9): each before/after pair alternated in one script, so their ratios compare; absolute times carry
the host, whose speed moved by a third within minutes."""

from __future__ import annotations

# python /work/notes/b4ab.py FILE N (a new Repository per check-in, as B4), alternated three times with b37015a,
# each tree compiled; medians of 15 (L) and 7 (XL)
MEASURED = {
    "L": "b37015a 54.5, 46.3, 59.1 ms; after 19.5, 22.5, 23.0 ms",
    "XL": "b37015a 597, 777, 616 ms; after 228, 217, 221 ms",
    # the same, 4eb3232 (69 without the views) against 006e652, seven rounds at XL
    "views": "4eb3232 323, 164, 246, 207, 220, 214, 209 ms; 006e652 200, 193, 172, 212, 207, 191, 210 ms",
    # the same, 5fc8e10 against the review's commit, three rounds
    "review": "L 14.4, 15.2, 14.8 ms before, 14.2, 14.3, 14.0 ms after; XL 162, 238, 165 ms before, 154, 142, "
              "150 ms after (the KPIs' 7.5 MB at XL are no longer copied twice)",
    # /tmp/xlparts.py: each step alone on the generated files, medians of 7
    "parts L": "read 0.5, SHA-256 2.1 (twice: 4.2), parse without the check-ins and KPIs 1.8, the next id's search "
               "0.9, join 0.1, write + fsync 4.3 ms",
    "parts XL": "read 31, SHA-256 22 (twice: 43), parse without the check-ins and KPIs 32, the next id's search "
                "10, join 26, write + fsync 36 ms",
}

APPEND_DECISIONS = [
    "69. **A check-in adds its row after the check-ins' bytes** (okrtui/storage/spans.py, working_table.KeptRows "
    "and AppendedRows): the check-ins are 2.6 of L's 3.7 MB (26 of XL's 37 MB) and a check-in reads none of them "
    "(decision 17), yet every check-in parsed and encoded them again. The digest cache's entry now keeps, beside "
    "the tables' spans, the largest check-in id of the bytes it names (`last_ids`, taken when okrtui writes a file "
    "or validates it in full). A scoped write on proven bytes leaves the table as those bytes (a view, not a copy); "
    "TinyDB's next id comes from the kept id (then the archive's floor, as before); replace_rows adds the new row "
    "beside them, and encode_tables writes the kept bytes, then the new rows: exactly orjson's encoding of the "
    "whole table, since a new key is the last of a dict (tests/storage/test_appended_checkins.py compares the "
    "file with the full path's, byte for byte, by id and by reference, and with an id floor). Anything else done "
    "to such a table raises AppendOnly before anything is written: TinyDB's insert, update or remove, a row "
    "replaced under an old id, the table replaced or dropped (a guard before the log and the save; each case "
    "tested, with the file unchanged). The kept id is checked once more in the bytes (the next id must not be a "
    "key there: ~1 ms at L, 10 ms at XL); an entry without it, or with a wrong one, parses the table as before. "
    "A write whose KR's shard cannot be updated (decision 65) keeps no check-in summary rather than one of the "
    "added rows alone (tested: the list then equals a read without the cache). In process, alternated with the "
    f"commit before: L {MEASURED['L']}; XL {MEASURED['XL']}. The views (no copy of the kept bytes until the file "
    f"is joined) at XL: {MEASURED['views']} (~10 ms, within the noise). In the review that followed, the KPIs "
    "(decision 19's orjson.Fragment) became the same KeptRows with no next id, so that one mechanism keeps a "
    "table as its bytes (store_decode's special case for kept bytes is gone, and any row added to the KPIs is "
    f"refused as well): {MEASURED['review']}.",
    "70. **B1 at S and L with 21 and 15 repetitions** (were 11 and 9): one run's samples spread over ±25% of their "
    "median on this shared host (the first run of this session at S: 146-240 ms for okrtui, 147-238 ms for the "
    "baseline), and with 11 the ratio of unchanged code moved 0.94-1.26× from one full run to the next "
    "(2026-12-03, fourth session: 1.04, 1.26, 0.97, 0.95, 0.96, 0.98, 0.94, 1.26). Both sides still alternate; "
    "the goal is unchanged; the run takes ~8 s longer.",
]
