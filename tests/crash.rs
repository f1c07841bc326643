//! Kills at random moments: a child process runs the program's real multi-step operations in
//! a loop — score edits with their audit entries (`parindex score`), attaching evidence (the
//! window's `Store::attach`), a commune's unit package (`parindex export --force`), its import
//! by the district (`parindex import --trust`), backups and restores — while this test kills it
//! with SIGKILL. After every kill the files must pass SQLite's checks and the audit
//! verification, read-only commands must work at once, every operation the child reported
//! done must be there and the one in flight must be absent or whole, and no file named like a
//! backup or an export may be half-written.
//!
//! The child is this test binary run again (`crash_child_role`), calling the command line's
//! own entry point in-process, so a kill lands inside a command, not between two processes.
//! Before each operation it appends `begin <op> <state expected after it>` to a journal, and
//! `done <op>` once the operation returned (both synced).
//!
//! Rounds: `PARINDEX_CRASH_ROUNDS` (default 220); seed: `PARINDEX_CRASH_SEED` (printed). Long
//! mode: `PARINDEX_CRASH_ROUNDS=5000 cargo test --release --test crash -- --ignored`.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};
use std::time::{Duration, Instant};

use common::small::{area, commune_set, draft_seed, manual_leaf};
use common::{read_only, s, stderr, stdout};
use parindex::domain::*;
use parindex::store::evidence::{Attachment, EvidenceInfo};
use parindex::store::{Access, Store, backup};

const YEAR: &str = "2025";
/// The commune that sends its package, and another commune the district scores itself.
const SENDER: &str = "00001";
const OTHER: &str = "00002";
/// The leaves of the small set and their maximum points.
const LEAVES: [(&str, i64); 4] = [("1.1", 1), ("1.2", 2), ("2.1", 3), ("2.2", 4)];

/// Rounds of the ordinary run: at least 200 kills.
const ROUNDS: usize = 220;
/// Rounds of the long mode (`-- --ignored`).
const LONG_ROUNDS: usize = 5000;
/// The latest moment of a kill after the child starts.
const MAX_DELAY_MS: u64 = 300;

// ---------------------------------------------------------------------------------------
// Small helpers

/// A small xorshift generator: reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The files of one run: the district's document, the commune's working file, the package
/// the commune sends, the journal, the backups' and the temporary folders.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn district(&self) -> PathBuf {
        self.dir.join("district.cchc")
    }
    fn commune(&self) -> PathBuf {
        self.dir.join("commune.cchc")
    }
    fn package(&self) -> PathBuf {
        self.dir.join("package.cchc")
    }
    fn journal(&self) -> PathBuf {
        self.dir.join("journal.txt")
    }
    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
    fn tmp(&self) -> PathBuf {
        self.dir.join("tmp")
    }
    fn child_err(&self) -> PathBuf {
        self.dir.join("child-stderr.txt")
    }
}

/// `parindex ARGS` with this run's backup and temporary folders.
fn parindex(files: &Files, args: &[&str]) -> Output {
    common::bin()
        .env("PARINDEX_DATA_DIR", files.data())
        .env("TMPDIR", files.tmp())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run parindex: {e}"))
}

fn ok(files: &Files, args: &[&str]) -> String {
    let out = parindex(files, args);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

// ---------------------------------------------------------------------------------------
// State: what the operations change, read from the files

/// The observable content: `d:`/`c:`/`p:` (district, commune, package) + `self:UNIT:LEAF`
/// → self points (thousandths), `doc:SHA` → how many documents hold that file.
type State = BTreeMap<String, String>;

/// The self points and evidence documents of one file, keys prefixed with `prefix`.
fn file_state(path: &Path, prefix: &str) -> State {
    let conn = read_only(path);
    let mut state = State::new();
    let mut stmt = conn
        .prepare(
            "SELECT u.code, c.code, s.self_points FROM score s
             JOIN assessment a ON a.id = s.assessment_id JOIN unit u ON u.id = a.unit_id
             JOIN criterion c ON c.id = s.criterion_id WHERE s.self_points IS NOT NULL",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    for row in rows {
        let (unit, leaf, points) = row.unwrap_or_else(|e| panic!("{e}"));
        state.insert(format!("{prefix}:self:{unit}:{leaf}"), points.to_string());
    }
    let mut stmt = conn
        .prepare(
            "SELECT sha256, count(*) FROM evidence_doc WHERE sha256 IS NOT NULL GROUP BY sha256",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap_or_else(|e| panic!("{e}"));
    for row in rows {
        let (sha, count) = row.unwrap_or_else(|e| panic!("{e}"));
        state.insert(format!("{prefix}:doc:{sha}"), count.to_string());
    }
    state
}

/// The state of the district, the commune and the package (if there is one).
fn read_state(files: &Files) -> State {
    let mut state = file_state(&files.district(), "d");
    state.extend(file_state(&files.commune(), "c"));
    if files.package().exists() {
        state.extend(file_state(&files.package(), "p"));
        state.insert("p:exists".into(), "1".into());
    }
    state
}

/// `state` with every key of `prefix` replaced by those of `from` under `from_prefix`.
fn replaced(state: &State, prefix: &str, from: &State, from_prefix: &str) -> State {
    let mut out: State = state
        .iter()
        .filter(|(k, _)| !k.starts_with(&format!("{prefix}:")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in from {
        if let Some(rest) = k.strip_prefix(&format!("{from_prefix}:")) {
            out.insert(format!("{prefix}:{rest}"), v.clone());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The small file both sides start from

fn small_set() -> IndexSet {
    let group = |code: &str, leaves: &[(&str, i64)]| {
        let leaves = leaves
            .iter()
            .map(|&(c, max)| manual_leaf(c, Points::whole(max), NaPolicy::Exclude));
        area(code, leaves.collect())
    };
    commune_set(
        2025,
        Points::whole(10),
        vec![group("1", &LEAVES[..2]), group("2", &LEAVES[2..])],
    )
}

/// A district file with two communes scored against a four-leaf set, and the sender
/// commune's working file made from the district's package for it; returns the commune's key
/// fingerprint (what the district is told by phone).
fn make_files(files: &Files) -> String {
    for dir in [files.data(), files.tmp()] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut store = Store::create(&files.district()).unwrap_or_else(|e| panic!("create: {e}"));
    store.set_actor("Phòng Nội vụ");
    let seed = draft_seed(
        small_set(),
        &[(SENDER, "Xã Thử Một"), (OTHER, "Xã Thử Hai")],
    );
    store.seed(&seed).unwrap_or_else(|e| panic!("fixture: {e}"));
    drop(store);
    let from_district = files.dir.join("from-district.cchc");
    let (district, commune) = (files.district(), files.commune());
    ok(
        files,
        &[
            "export",
            s(&district),
            "-o",
            s(&from_district),
            "--unit",
            SENDER,
            "--year",
            YEAR,
        ],
    );
    std::fs::rename(&from_district, &commune).unwrap_or_else(|e| panic!("{e}"));
    // Opening the working file for writing gives it its own key.
    let keys = ok(files, &["keys", s(&commune)]);
    keys.split_whitespace()
        .find(|w| w.len() == 19 && w.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no fingerprint in: {keys}"))
        .to_owned()
}

// ---------------------------------------------------------------------------------------
// The child: operations in a loop until it is killed

/// Runs the command line in this process, as `parindex ARGS` would.
fn cli(args: &[&str]) -> bool {
    use clap::Parser;
    let all = std::iter::once("parindex").chain(args.iter().copied());
    match parindex::cli::Cli::try_parse_from(all) {
        Ok(cli) => parindex::cli::run(cli) == Some(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("{e}");
            false
        }
    }
}

/// Appends one line to the journal and syncs it: what the parent may rely on.
fn journal(file: &mut std::fs::File, line: &str) {
    writeln!(file, "{line}").unwrap_or_else(|e| panic!("journal: {e}"));
    file.sync_data().unwrap_or_else(|e| panic!("journal: {e}"));
}

/// Attaches a small document to a leaf of the sender's assessment in the commune's file, as
/// the evidence screen does.
fn attach(commune: &Path, code: &str, bytes: &[u8]) -> bool {
    let attached = Store::open(commune, Access::ReadWrite).and_then(|mut store| {
        let a = store.assessment(2025, Level::Commune, SENDER)?;
        let (_, set) = store.index_set(2025, Level::Commune)?;
        let info = EvidenceInfo {
            doc_type: "Báo cáo".into(),
            number: format!("{}/BC-UBND", bytes.len()),
            ..EvidenceInfo::default()
        };
        let file = Attachment {
            file_name: "bao-cao.pdf",
            bytes,
            page: "",
        };
        store.attach(&a, &set, code, &info, &file)
    });
    if let Err(e) = &attached {
        eprintln!("attach: {e}");
    }
    attached.is_ok()
}

#[test]
#[ignore = "the child process of the crash tests (PARINDEX_CRASH_CHILD)"]
fn crash_child_role() {
    let Some(dir) = std::env::var_os("PARINDEX_CRASH_CHILD") else {
        return;
    };
    let files = Files {
        dir: PathBuf::from(dir),
    };
    let print = std::env::var("PARINDEX_CRASH_FINGERPRINT").unwrap_or_default();
    let seed = std::env::var("PARINDEX_CRASH_CHILD_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng::new(seed);
    let mut log = std::fs::File::options()
        .create(true)
        .append(true)
        .open(files.journal())
        .unwrap_or_else(|e| panic!("journal: {e}"));
    let (district, commune, package) = (files.district(), files.commune(), files.package());
    let mut state = read_state(&files);
    let started = Instant::now();
    // A parent that died cannot kill: stop on our own after a while.
    while started.elapsed() < Duration::from_secs(60) {
        let (leaf, max) = LEAVES[rng.below(LEAVES.len() as u64) as usize];
        let points = rng.below(max as u64 * 1000 + 1);
        let text = format!("{}.{:03}", points / 1000, points % 1000);
        let op = rng.below(14);
        let (name, after, done) = match op {
            0..=2 => {
                let mut after = state.clone();
                after.insert(format!("d:self:{OTHER}:{leaf}"), points.to_string());
                ("score-district", after, None)
            }
            3..=5 => {
                let mut after = state.clone();
                after.insert(format!("c:self:{SENDER}:{leaf}"), points.to_string());
                ("score-commune", after, None)
            }
            6..=7 => {
                let bytes = format!("%PDF-1.4 evidence {seed} {} {}", rng.next(), points)
                    .repeat(1 + rng.below(40) as usize)
                    .into_bytes();
                let mut after = state.clone();
                after.insert(
                    format!("c:doc:{}", parindex::store::evidence::sha256_hex(&bytes)),
                    "1".into(),
                );
                ("attach", after, Some(bytes))
            }
            8..=9 => {
                let mut after = replaced(&state, "p", &state, "c");
                after.insert("p:exists".into(), "1".into());
                ("export", after, None)
            }
            10..=11 if state.contains_key("p:exists") => {
                let mut after = state.clone();
                after.retain(|k, _| !k.starts_with(&format!("d:self:{SENDER}:")));
                for (k, v) in &state {
                    if let Some(rest) = k.strip_prefix("p:self:") {
                        after.insert(format!("d:self:{rest}"), v.clone());
                    } else if let Some(sha) = k.strip_prefix("p:doc:") {
                        after.insert(format!("d:doc:{sha}"), "1".into());
                    }
                }
                ("import", after, None)
            }
            12 => ("backup", state.clone(), None),
            _ => ("restore", state.clone(), None),
        };
        // The backup to restore, and what the district holds after restoring it.
        let mut from = None;
        let after = if name == "restore" {
            let list = backup::list(&district).unwrap_or_default();
            if list.is_empty() {
                continue;
            }
            let chosen = list[rng.below(list.len() as u64) as usize].path.clone();
            let restored = replaced(&state, "d", &file_state(&chosen, "b"), "b");
            from = Some(chosen);
            restored
        } else {
            after
        };
        let json = serde_json::to_string(&after).unwrap_or_default();
        journal(&mut log, &format!("begin\t{name}\t{json}"));
        let fine = match name {
            "score-district" | "score-commune" => {
                let (file, unit) = if name == "score-district" {
                    (&district, OTHER)
                } else {
                    (&commune, SENDER)
                };
                cli(&[
                    "score",
                    s(file),
                    "--year",
                    YEAR,
                    "--level",
                    "commune",
                    "--unit",
                    unit,
                    "--criterion",
                    leaf,
                    "--self",
                    &text,
                ])
            }
            "attach" => attach(&commune, leaf, done.as_deref().unwrap_or_default()),
            "export" => cli(&[
                "export",
                s(&commune),
                "-o",
                s(&package),
                "--unit",
                SENDER,
                "--year",
                YEAR,
                "--force",
            ]),
            "import" => cli(&["import", s(&district), s(&package), "--trust", &print]),
            "backup" => cli(&["backup", s(&district)]),
            _ => {
                let from = from.unwrap_or_default();
                cli(&["restore", s(&district), s(&from)])
            }
        };
        if !fine {
            eprintln!("operation {name} failed");
            std::process::exit(3);
        }
        journal(&mut log, &format!("done\t{name}"));
        state = after;
    }
}

// ---------------------------------------------------------------------------------------
// The parent: kill, then check

/// What the journal says: the state after the last operation acknowledged (if any), and the
/// operation in flight with the state it would leave.
struct Journal {
    acknowledged: Option<State>,
    in_flight: Option<(String, State)>,
    done: usize,
}

fn read_journal(path: &Path) -> Journal {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut journal = Journal {
        acknowledged: None,
        in_flight: None,
        done: 0,
    };
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("begin"), Some(op), Some(json)) => {
                // A line cut by the kill was never synced: the op did not start for us.
                let Ok(state) = serde_json::from_str::<State>(json) else {
                    continue;
                };
                journal.in_flight = Some((op.to_owned(), state));
            }
            (Some("done"), Some(_), None) => {
                if let Some((_, state)) = journal.in_flight.take() {
                    journal.acknowledged = Some(state);
                    journal.done += 1;
                }
            }
            _ => {}
        }
    }
    journal
}

/// SQLite's own checks on a file: whole and its references intact.
fn sqlite_checks(path: &Path) {
    let conn = read_only(path);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("integrity_check {}: {e}", path.display()));
    assert_eq!(integrity, "ok", "integrity_check of {}", path.display());
    let mut stmt = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap_or_else(|e| panic!("{e}"));
    let broken = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("{e}"))
        .count();
    assert_eq!(broken, 0, "foreign_key_check of {}", path.display());
}

/// Whether `path` has a rollback journal still holding an unfinished transaction.
fn hot_journal(path: &Path) -> bool {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    std::fs::read(PathBuf::from(name))
        .is_ok_and(|b| b.starts_with(&[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]))
}

/// A temporary part (`.{name}.{32 hex}.part`, or its SQLite journal).
fn is_part(name: &str) -> bool {
    let name = name.strip_suffix("-journal").unwrap_or(name);
    parindex::fs_atomic::is_part_name(name)
}

/// Every file left in the work folder and the backup folder is either a part (never listed)
/// or whole. Returns the number of parts seen.
fn leftovers(files: &Files) -> usize {
    let mut parts = 0;
    let whole = ["district.cchc", "commune.cchc", "package.cchc"];
    let other = ["journal.txt", "child-stderr.txt"];
    for entry in std::fs::read_dir(&files.dir).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() || other.contains(&name.as_str()) {
            continue;
        }
        if is_part(&name) {
            parts += 1;
        } else if let Some(document) = name.strip_suffix("-journal") {
            // A journal kept by the exclusive lock is harmless once nothing in it is hot.
            assert!(
                whole.contains(&document) && !hot_journal(&files.dir.join(document)),
                "a hot or stray journal after the read-only commands: {name}"
            );
        } else if whole.contains(&name.as_str()) {
            sqlite_checks(&entry.path());
        } else {
            panic!("a file left in the work folder: {name}");
        }
    }
    // The district's backup folder (one sub-folder per document).
    let folders = std::fs::read_dir(files.data().join("backups"))
        .into_iter()
        .flatten();
    for folder in folders.flatten() {
        for entry in std::fs::read_dir(folder.path()).into_iter().flatten() {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_part(&name) {
                parts += 1;
            } else if name.ends_with(".cchc") {
                // Named like a backup: whole. (The folder also records the newest one's
                // content hash in a text file.)
                sqlite_checks(&entry.path());
            }
        }
    }
    parts
}

/// The checks after a kill. Returns the state found, to start the next round from.
fn check_after_kill(files: &Files, before: &State, tally: &mut Tally) -> State {
    let (district, commune) = (files.district(), files.commune());
    let hot = hot_journal(&district) || hot_journal(&commune);
    tally.hot_journals += usize::from(hot);
    // Read-only commands first, on the files as the kill left them.
    ok(files, &["check", s(&district)]);
    ok(
        files,
        &["rank", s(&district), "--year", YEAR, "--level", "commune"],
    );
    ok(files, &["log", s(&commune), "--verify"]);
    ok(files, &["log", s(&district), "--verify"]);
    ok(files, &["check", s(&commune)]);
    tally.parts = leftovers(files);
    let journal = read_journal(&files.journal());
    let found = read_state(files);
    let acknowledged = journal.acknowledged.unwrap_or_else(|| before.clone());
    tally.done += journal.done;
    match journal.in_flight {
        Some((op, after)) => {
            *tally.killed_in.entry(op.clone()).or_default() += 1;
            if found == after {
                *tally.landed.entry(op).or_default() += 1;
            } else {
                assert_eq!(
                    found, acknowledged,
                    "after a kill during {op}: neither the state before it nor after it"
                );
            }
        }
        None => {
            *tally.killed_in.entry("between".into()).or_default() += 1;
            assert_eq!(found, acknowledged, "an acknowledged operation is missing");
        }
    }
    found
}

#[derive(Default)]
struct Tally {
    kills: usize,
    done: usize,
    hot_journals: usize,
    parts: usize,
    killed_in: BTreeMap<String, usize>,
    /// Operations killed after their commit, before their acknowledgement.
    landed: BTreeMap<String, usize>,
}

fn seed() -> u64 {
    std::env::var("PARINDEX_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
        })
}

fn crash_rounds(default: usize) {
    let rounds = std::env::var("PARINDEX_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    let seed = seed();
    println!("crash: PARINDEX_CRASH_SEED={seed} PARINDEX_CRASH_ROUNDS={rounds}");
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = Files {
        dir: temp.path().to_owned(),
    };
    let print = make_files(&files);
    let mut rng = Rng::new(seed);
    let mut state = read_state(&files);
    let mut tally = Tally::default();
    let started = Instant::now();
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    for round in 0..rounds {
        let _ = std::fs::remove_file(files.journal());
        let err = std::fs::File::create(files.child_err()).unwrap_or_else(|e| panic!("{e}"));
        let mut child = Command::new(&exe)
            .args(["crash_child_role", "--exact", "--ignored", "--nocapture"])
            .env("PARINDEX_CRASH_CHILD", &files.dir)
            .env("PARINDEX_CRASH_FINGERPRINT", &print)
            .env("PARINDEX_CRASH_CHILD_SEED", rng.next().to_string())
            .env("PARINDEX_DATA_DIR", files.data())
            .env("TMPDIR", files.tmp())
            .env_remove("PARINDEX_USER")
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("child: {e}"));
        std::thread::sleep(Duration::from_millis(rng.below(MAX_DELAY_MS)));
        if let Ok(Some(status)) = child.try_wait() {
            let text = std::fs::read_to_string(files.child_err()).unwrap_or_default();
            panic!("round {round}: the child stopped by itself ({status}): {text}");
        }
        // Child::kill sends SIGKILL on Unix.
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let _ = child.wait();
        tally.kills += 1;
        state = check_after_kill(&files, &state, &mut tally);
    }
    // `parindex backup` lists only whole backups, never a part.
    let listed = ok(&files, &["backup", s(&files.district())]);
    for line in listed.lines().skip(2) {
        let path = line.split_whitespace().last().unwrap_or_default();
        assert!(
            !path.ends_with(".part"),
            "a part listed as a backup: {line}"
        );
        sqlite_checks(Path::new(path));
    }
    let private_copies = std::fs::read_dir(files.tmp())
        .map(|d| d.count())
        .unwrap_or(0);
    println!(
        "crash: {} kills survived in {:.1} s; {} operations acknowledged; killed during {:?}; \
         committed but not yet acknowledged {:?}; {} hot journals rolled back; {} parts left \
         (never listed); {} private copies left in the temporary folder",
        tally.kills,
        started.elapsed().as_secs_f64(),
        tally.done,
        tally.killed_in,
        tally.landed,
        tally.hot_journals,
        tally.parts,
        private_copies
    );
}

#[test]
fn killed_at_random_moments_nothing_acknowledged_is_lost_and_nothing_is_half_written() {
    crash_rounds(ROUNDS);
}

#[test]
#[ignore = "long mode: PARINDEX_CRASH_ROUNDS (default 5000), best with --release"]
fn crash_long() {
    crash_rounds(LONG_ROUNDS);
}
