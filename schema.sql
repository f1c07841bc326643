-- parindex document file (*.cchc), schema version 5.
-- Applied in one transaction to a new file. Older files are brought here by the numbered
-- upgrade steps in src/store/upgrade.rs; a test checks that both give the same schema.
-- Points are INTEGER thousandths of a point. Dates are ISO text (YYYY-MM-DD), instants are
-- ISO text in UTC. Identity that crosses files is a UUID (text); rowids stay inside a file.

-- Facts about the file itself: owner unit, level scored, export package description.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Administrative units (communes, districts, the province) with their validity period.
-- A code is not an identity across the 2025 merger: new communes reuse predecessors' codes.
CREATE TABLE unit (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('tinh', 'thanh_pho_tw', 'huyen', 'thanh_pho', 'thi_xa', 'quan', 'xa', 'phuong', 'thi_tran')),
    level      TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    valid_from TEXT,
    valid_to   TEXT,
    parent_id  INTEGER REFERENCES unit (id) ON DELETE RESTRICT,
    retired_note TEXT NOT NULL DEFAULT '',
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)
) STRICT;
CREATE INDEX unit_code ON unit (code);
CREATE INDEX unit_parent ON unit (parent_id);

-- Lineage between units: merged into, renamed, split into; with the resolution that did it.
CREATE TABLE lineage (
    id              INTEGER PRIMARY KEY,
    from_unit_id    INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    to_unit_id      INTEGER NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('merged_into', 'renamed', 'split_into')),
    resolution      TEXT NOT NULL DEFAULT '',
    resolution_date TEXT,
    effective       TEXT,
    UNIQUE (from_unit_id, to_unit_id),
    CHECK (from_unit_id <> to_unit_id)
) STRICT;

-- Index sets (bộ chỉ số): one criteria tree per year and level, with its legal source and
-- the rules of its results. version: re-issued within its year (a corrected decision), the
-- version in force; the earlier ones are kept in index_set_version.
CREATE TABLE index_set (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level         TEXT NOT NULL CHECK (level IN ('commune', 'district')),
    name          TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    issuer        TEXT NOT NULL DEFAULT '',
    max_total     INTEGER NOT NULL CHECK (max_total > 0),
    ranking       TEXT NOT NULL DEFAULT 'competition' CHECK (ranking IN ('competition', 'dense')),
    precision     INTEGER NOT NULL DEFAULT 2 CHECK (precision BETWEEN 0 AND 4),
    bonus_cap     INTEGER CHECK (bonus_cap >= 0),
    penalty_cap   INTEGER CHECK (penalty_cap >= 0),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (year, level)
) STRICT;

-- An earlier version of a re-issued set, frozen as it was replaced: its header, its tree
-- (JSON of the domain's IndexSet) and every score entered against it (JSON), so it stays
-- readable after the set in force has changed.
CREATE TABLE index_set_version (
    index_set_id  INTEGER NOT NULL REFERENCES index_set (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version >= 1),
    name          TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    tree          TEXT NOT NULL,
    scores        TEXT NOT NULL,
    replaced_at   TEXT NOT NULL,
    replaced_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (index_set_id, version)
) STRICT;

-- Classification bands of a set (Tốt ≥ 90%, …); min_percent in thousandths of a percent.
CREATE TABLE class_band (
    index_set_id INTEGER NOT NULL REFERENCES index_set (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    min_percent  INTEGER NOT NULL CHECK (min_percent >= 0),
    PRIMARY KEY (index_set_id, position)
) STRICT;

-- The criteria tree, any depth: areas, criteria, sub-criteria. A node with a kind is a leaf.
-- allows_over_100: a ratio that may pass 100 % (revenue against its estimate); elsewhere a
-- numerator above the denominator is refused.
CREATE TABLE criterion (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    index_set_id INTEGER NOT NULL REFERENCES index_set (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES criterion (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    guidance     TEXT NOT NULL DEFAULT '',
    kind         TEXT CHECK (kind IN ('manual', 'ratio_bands', 'value_bands', 'yes_no', 'count_cap', 'bonus', 'penalty', 'survey')),
    max_points   INTEGER CHECK (max_points >= 0),
    na_policy    TEXT NOT NULL DEFAULT 'not_allowed' CHECK (na_policy IN ('not_allowed', 'exclude', 'full_points')),
    evidence_required TEXT,
    per_unit     INTEGER CHECK (per_unit >= 0),
    raw_labels   TEXT NOT NULL DEFAULT '',
    part         TEXT NOT NULL DEFAULT 'appraised' CHECK (part IN ('appraised', 'survey', 'adjustment')),
    allows_over_100 INTEGER NOT NULL DEFAULT 0 CHECK (allows_over_100 IN (0, 1)),
    UNIQUE (index_set_id, code),
    CHECK ((kind IS NULL) = (max_points IS NULL))
) STRICT;
CREATE INDEX criterion_parent ON criterion (parent_id);

-- Bands of a banded leaf: at least min_value gives points.
CREATE TABLE criterion_band (
    criterion_id INTEGER NOT NULL REFERENCES criterion (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    min_value    INTEGER NOT NULL CHECK (min_value >= 0),
    points       INTEGER NOT NULL CHECK (points >= 0),
    PRIMARY KEY (criterion_id, position)
) STRICT;

-- One unit assessed against one index set.
CREATE TABLE assessment (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    unit_id      INTEGER NOT NULL REFERENCES unit (id) ON DELETE RESTRICT,
    index_set_id INTEGER NOT NULL REFERENCES index_set (id) ON DELETE RESTRICT,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'appraised', 'final')),
    locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    status_at    TEXT,
    status_by    TEXT NOT NULL DEFAULT '',
    UNIQUE (unit_id, index_set_id)
) STRICT;

-- A leaf's points for one assessment: self, round 1, the unit's explanation, final.
CREATE TABLE score (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES criterion (id) ON DELETE RESTRICT,
    self_points   INTEGER CHECK (self_points >= 0),
    self_note     TEXT NOT NULL DEFAULT '',
    round1_points INTEGER CHECK (round1_points >= 0),
    round1_reason TEXT NOT NULL DEFAULT '',
    explanation   TEXT NOT NULL DEFAULT '',
    final_points  INTEGER CHECK (final_points >= 0),
    final_reason  TEXT NOT NULL DEFAULT '',
    raw_a         INTEGER,
    raw_b         INTEGER,
    na_reason     TEXT,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TEXT,
    PRIMARY KEY (assessment_id, criterion_id)
) STRICT;

-- Survey points (ĐTXHH) per survey leaf, entered or imported.
CREATE TABLE survey_points (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES criterion (id) ON DELETE RESTRICT,
    points        INTEGER NOT NULL CHECK (points >= 0),
    respondents   INTEGER CHECK (respondents >= 0),
    source        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, criterion_id)
) STRICT;

-- File bytes, stored once per SHA-256.
CREATE TABLE evidence_blob (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    bytes  BLOB NOT NULL
) STRICT;

-- Evidence documents (tài liệu kiểm chứng). sha256 names the file; a document exported
-- without its file keeps the reference and has no blob (file_included = 0).
CREATE TABLE evidence_doc (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    doc_type      TEXT NOT NULL,
    number        TEXT NOT NULL DEFAULT '',
    issue_date    TEXT,
    issuer        TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    file_size     INTEGER NOT NULL DEFAULT 0 CHECK (file_size >= 0),
    sha256        TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL DEFAULT '',
    owner_unit_id INTEGER REFERENCES unit (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX evidence_doc_sha ON evidence_doc (sha256);

-- Which documents prove which score, with the page or section.
CREATE TABLE evidence_link (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    doc_id        INTEGER NOT NULL REFERENCES evidence_doc (id) ON DELETE CASCADE,
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES criterion (id) ON DELETE RESTRICT,
    page          TEXT NOT NULL DEFAULT '',
    linked_at     TEXT NOT NULL,
    UNIQUE (doc_id, assessment_id, criterion_id)
) STRICT;
CREATE INDEX evidence_link_score ON evidence_link (assessment_id, criterion_id);

-- The audit log: every change of a score, a status or an evidence link, hash-chained.
-- hash = SHA-256 of the previous entry's hash and this entry's fields (see store/audit.rs).
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    package    TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_subject ON audit_log (subject, field);

-- Report settings per year and level: header, number, place and date, signature, recipients.
CREATE TABLE report_settings (
    year          INTEGER NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('commune', 'district')),
    issuer_parent TEXT NOT NULL DEFAULT '',
    issuer        TEXT NOT NULL DEFAULT '',
    number        TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    date          TEXT,
    title         TEXT NOT NULL DEFAULT 'BÁO CÁO',
    summary       TEXT NOT NULL DEFAULT '',
    signer_mode   TEXT NOT NULL DEFAULT 'TM' CHECK (signer_mode IN ('TM', 'KT', 'none')),
    signer_org    TEXT NOT NULL DEFAULT '',
    signer_title  TEXT NOT NULL DEFAULT '',
    signer_name   TEXT NOT NULL DEFAULT '',
    recipients    TEXT NOT NULL DEFAULT '',
    body_template TEXT NOT NULL DEFAULT '',
    ranking_form  TEXT NOT NULL DEFAULT 'appendix' CHECK (ranking_form IN ('appendix', 'document')),
    PRIMARY KEY (year, level)
) STRICT;

-- The file's own signing key (ed25519), made at its first export: every package the file
-- sends is signed with it. Never exported.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL CHECK (length(secret) = 32),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    created_at  TEXT NOT NULL
) STRICT;

-- The senders whose packages this file accepts, each with its key: trust on first use. A unit's
-- later packages must carry the same key; forgetting a key is an explicit, audited act.
-- sender: 'unit:<uuid>' for a unit's submission, 'key:<fingerprint>' for a whole or year file.
CREATE TABLE trusted_sender (
    sender      TEXT PRIMARY KEY NOT NULL,
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    label       TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    accepted_by TEXT NOT NULL
) STRICT;
