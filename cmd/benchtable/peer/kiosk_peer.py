#!/usr/bin/env python3
"""A minimal headless check-in kiosk in Python + sqlite3: the peer that
`make bench` (cmd/benchtable) measures Accueil's kiosk against.

What it does, the same way as the kiosk:
  import DB CSV   one process: read the roster file, decode it (UTF-8, else
                  Windows-1252), parse the `;` or `,` CSV with its header,
                  fold names for search (NFD, drop marks, lower case, split on
                  non-letters), and insert attendees and their search words
                  into SQLite in one transaction, WAL with synchronous=FULL.
  history DB N    (set-up, not timed) N earlier admitted entrance scans made
                  this morning, one a millisecond until a minute ago, of the
                  first half of the roster in turn, as the kiosk's bench
                  store has them.
  scan DB EVENT KEY
                  one payload per line on stdin: verify the Ed25519-signed
                  badge token (with `cryptography` when it is installed,
                  else the signature is NOT checked and a line on stderr
                  says so), look the attendee up, read their presence,
                  decide accepted / already_checked_in / unknown_badge /
                  invalid_signature, insert the scan, its outbox row and the
                  presence change in one durable commit, then print the JSON
                  verdict line and flush.

What it does not do: per-row validation with line-numbered problems, column
aliases and unknown-column warnings, NFC clean-up and zero-width removal,
outside-code hashing, repeats within 3 s, revocations, capacities, session
rules, days, exits, the hub, error recovery. Standard library only, plus
`cryptography` if present.
"""
import base64
import csv
import io
import json
import os
import re
import sqlite3
import sys
import time
import unicodedata

SCHEMA = """
CREATE TABLE IF NOT EXISTS attendees (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, organisation TEXT,
  category TEXT, country TEXT, language TEXT, email TEXT, code TEXT, note TEXT, search TEXT) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS attendees_code ON attendees(code) WHERE code <> '';
CREATE TABLE IF NOT EXISTS search_words (word TEXT, attendee_id TEXT, PRIMARY KEY (word, attendee_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scans (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, kiosk TEXT, checkpoint TEXT,
  direction TEXT, verdict TEXT, attendee_id TEXT, payload TEXT, at INTEGER);
CREATE TABLE IF NOT EXISTS presence (attendee_id TEXT, checkpoint TEXT, inside INTEGER, first_at INTEGER,
  first_kiosk TEXT, PRIMARY KEY (attendee_id, checkpoint)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY);
"""

COLUMNS = ["id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note"]
SPLIT = re.compile(r"[^a-z0-9]+")
# Words too common to lead a search, as the kiosk leaves out of its index.
UNINDEXED = {"d", "de", "des", "du", "l", "la", "les", "et", "en", "pour", "of", "the", "and", "for"}


def connect(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    return db


def fold(text):
    # The usual Python idiom: decompose, drop what is not ASCII (the marks).
    text = unicodedata.normalize("NFKD", text.replace("'", "").replace("\u2019", ""))
    text = text.encode("ascii", "ignore").decode().lower()
    return list(dict.fromkeys(w for w in SPLIT.split(text) if w))


def import_roster(db_path, csv_path):
    raw = open(csv_path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delim = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in next(reader)]
    pos = [header.index(c) if c in header else -1 for c in COLUMNS]
    rows, words = [], []
    for rec in reader:
        if not rec:
            continue
        v = [rec[p].strip() if 0 <= p < len(rec) else "" for p in pos]
        ws = fold(" ".join((v[1], v[2], v[3], v[8], v[0])))
        rows.append(v + [" " + " ".join(ws)])
        words.extend((w, v[0]) for w in ws if w not in UNINDEXED)
    db = connect(db_path)
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR REPLACE INTO attendees VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    words.sort()
    db.executemany("INSERT OR IGNORE INTO search_words VALUES (?,?)", words)
    db.execute("COMMIT")
    db.close()
    print(f"imported {len(rows)} attendees", file=sys.stderr)


def history(db_path, n):
    db = connect(db_path)
    roster = db.execute("SELECT count(*) FROM attendees").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM attendees ORDER BY id LIMIT ?", (max(roster // 2, 1),))]
    db.execute("BEGIN IMMEDIATE")
    start = time.time_ns() - 60_000_000_000 - n * 1_000_000
    for i in range(n):
        aid, at = ids[i % len(ids)], start + i * 1_000_000
        cur = db.execute("INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, attendee_id, payload, at) "
                         "VALUES (?, 'earlier', 'entrance', 'in', 'accepted', ?, '', ?)", (os.urandom(16).hex(), aid, at))
        db.execute("INSERT INTO outbox VALUES (?)", (cur.lastrowid,))
        db.execute("INSERT OR IGNORE INTO presence VALUES (?, 'entrance', 1, ?, 'earlier')", (aid, at))
    db.execute("COMMIT")
    db.close()


def b32decode(s):
    return base64.b32decode(s + "=" * (-len(s) % 8))


def scan(db_path, event, key_text):
    verify = None
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text.removeprefix("ed25519:")))

        def verify(sig, msg):
            key.verify(sig, msg)
    except ImportError:
        print("kiosk_peer: the cryptography module is missing: signatures are NOT verified", file=sys.stderr)
    db = connect(db_path)
    out = sys.stdout
    kiosk, checkpoint = "peer", "entrance"
    for line in sys.stdin:
        payload = line.strip()
        at = time.time_ns()
        verdict, aid, name, first = "unknown_badge", "", "", None
        try:
            body = b32decode(payload[4:])
            signed, sig = body[:-64], body[-64:]
            n = signed[1]
            ev = signed[2:2 + n].decode()
            m = signed[2 + n]
            aid = signed[3 + n:3 + n + m].decode()
            if verify:
                verify(sig, b"accueil badge v1\x00" + signed)
            if ev != event:
                verdict, aid = "wrong_event", ""
        except Exception:
            verdict, aid = "invalid_signature", ""
        scan_id = os.urandom(16).hex()
        db.execute("BEGIN IMMEDIATE")
        if aid:
            row = db.execute("SELECT first_name, last_name FROM attendees WHERE id = ?", (aid,)).fetchone()
            if row is None:
                aid = ""
            else:
                name = f"{row[0]} {row[1]}"
                first = db.execute("SELECT first_at, first_kiosk FROM presence WHERE attendee_id = ? AND checkpoint = ?",
                                   (aid, checkpoint)).fetchone()
                verdict = "already_checked_in" if first else "accepted"
        cur = db.execute("INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, attendee_id, payload, at) "
                         "VALUES (?, ?, ?, 'in', ?, ?, ?, ?)", (scan_id, kiosk, checkpoint, verdict, aid, payload, at))
        db.execute("INSERT INTO outbox VALUES (?)", (cur.lastrowid,))
        if verdict == "accepted":
            db.execute("INSERT INTO presence VALUES (?, ?, 1, ?, ?)", (aid, checkpoint, at, kiosk))
        db.execute("COMMIT")
        rec = {"verdict": verdict, "attendee_id": aid, "name": name, "checkpoint": checkpoint, "direction": "in",
               "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at / 1e9)), "kiosk": kiosk, "scan_id": scan_id}
        if first:
            rec["first_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(first[0] / 1e9))
            rec["first_kiosk"] = first[1]
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.flush()


def main(argv):
    if len(argv) >= 3 and argv[0] == "import":
        import_roster(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "history":
        history(argv[1], int(argv[2]))
    elif len(argv) >= 4 and argv[0] == "scan":
        scan(argv[1], argv[2], argv[3])
    else:
        print("usage: kiosk_peer.py import DB CSV | history DB N | scan DB EVENT KEY", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
