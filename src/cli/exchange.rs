//! `parindex export`, `import`, `backup`, `restore`.

use std::path::Path;
use std::process::ExitCode;

use super::{Expected, Refusal, not_a_file, open_read, open_store};
use crate::domain::Lang;
use crate::domain::text::for_terminal;
use crate::store::backup::{self, Reason};
use crate::store::export::{Options, Scope};
use crate::store::import::{self, Choices, MergePlan, PlanOptions, Resolution};
use crate::store::{Access, Store, same_file};

fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    format!("{},{} MB", tenths / 10, tenths % 10)
}

/// The flags of `parindex export`.
pub struct ExportOptions<'a> {
    pub year: Option<i32>,
    pub unit: Option<&'a str>,
    pub no_evidence: bool,
    /// Replace an existing OUT (the export is written beside it, then renamed over it).
    pub force: bool,
}

/// Where OUT may be written: not a folder or pipe, not the file being exported, and replaced
/// only with `--force`.
fn check_out(file: &Path, out: &Path, force: bool, lang: Lang) -> Result<(), Refusal> {
    if let Some(why) = not_a_file(out, Expected::Document, lang) {
        return Err(Refusal::new(why));
    }
    if same_file(file, out) {
        return Err(Refusal::new(lang.pick(
            "Không thể xuất đè lên chính tệp đang xuất; hãy chọn tên tệp khác cho -o",
            "Cannot export over the file being exported; choose another name for -o",
        )));
    }
    if out.exists() && !force {
        return Err(Refusal::new(
            crate::store::StoreError::AlreadyExists(out.to_owned()).message(lang),
        ));
    }
    Ok(())
}

/// Without `--year`, a unit code must name a unit of the file (any year); said here, since
/// the store's message would name a year.
fn unit_exists(store: &Store, code: &str, lang: Lang) -> Result<(), Refusal> {
    let code = crate::domain::text::nfc(code);
    let units = store.units().map_err(|e| Refusal::store(e, lang))?;
    if units.iter().any(|u| u.code == code) {
        return Ok(());
    }
    Err(Refusal::new(match lang {
        Lang::Vi => format!(
            "Không có đơn vị mã {code} trong tệp {}",
            store.path().display()
        ),
        Lang::En => format!("No unit with code {code} in {}", store.path().display()),
    }))
}

pub fn export(
    file: &Path,
    out: &Path,
    options: ExportOptions<'_>,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let ExportOptions {
        year,
        unit,
        no_evidence,
        force,
    } = options;
    check_out(file, out, force, lang)?;
    // Read-write: the file's signing key is made at its first export.
    let store = open_store(file, Access::ReadWrite, lang)?;
    let scope = match (unit, year) {
        (Some(code), year) => {
            if year.is_none() {
                unit_exists(&store, code, lang)?;
            }
            Scope::Unit {
                code: code.to_owned(),
                year,
            }
        }
        (None, Some(y)) => Scope::Year(y),
        (None, None) => Scope::Whole,
    };
    let options = Options {
        scope,
        include_evidence: !no_evidence,
    };
    let estimate = store
        .estimate_export(&options)
        .map_err(|e| Refusal::new(e.message(lang)))?;
    println!(
        "{} {} ({} {})",
        lang.pick("Dung lượng ước tính:", "Estimated size:"),
        megabytes(estimate.total),
        lang.pick("tệp kiểm chứng", "evidence files"),
        if no_evidence {
            lang.pick("không kèm theo", "not included").to_owned()
        } else {
            megabytes(estimate.evidence)
        }
    );
    if estimate.large {
        println!(
            "{}",
            lang.pick(
                "Bản xuất lớn hơn 20 MB; các tài liệu kiểm chứng chiếm nhiều dung lượng nhất (dùng --no-evidence để không kèm tệp):",
                "The export is larger than 20 MB; the evidence documents that make it large (use --no-evidence to leave the files out):"
            )
        );
        for d in &estimate.largest {
            let text = format!(
                "  - {} ({}, {})",
                d.reference,
                d.file_name,
                megabytes(d.size.max(0) as u64)
            );
            println!("{}", for_terminal(&text));
        }
    }
    // An existing OUT (with --force) is replaced only by a complete, verified export, written
    // under a part's name: a kill before the rename leaves a part, swept later, never a whole
    // export under a name nothing cleans up (found by tests/crash.rs).
    let target = if out.exists() {
        crate::fs_atomic::part_path(out)
    } else {
        out.to_owned()
    };
    let done = store
        .export(&target, &options)
        .map_err(|e| Refusal::new(e.message(lang)))?;
    if target != out
        && let Err(e) = std::fs::rename(&target, out)
    {
        let _ = std::fs::remove_file(&target);
        return Err(Refusal::store(crate::store::StoreError::Io(e), lang));
    }
    println!(
        "{} {} ({}, {} {})",
        lang.pick("Đã xuất và kiểm tra:", "Exported and verified:"),
        out.display(),
        megabytes(done.size),
        lang.pick("mã gói", "package"),
        done.package.id
    );
    println!(
        "{} {}",
        lang.pick(
            "Ký bằng khóa của tệp này (đọc mã cho bên nhận khi họ gọi điện đối chiếu):",
            "Signed with this file's key (read the fingerprint to the receiver when they call to check):"
        ),
        done.signer.fingerprint()
    );
    Ok(ExitCode::SUCCESS)
}

/// Adds one line of the plan, escaped: the text comes from the received file, and a note with
/// a line feed or an escape sequence must not forge a line or move the cursor.
fn line(out: &mut String, text: String) {
    out.push_str(&for_terminal(&text));
    out.push('\n');
}

/// The plan as text, one line per item.
pub fn plan_text(plan: &MergePlan, lang: Lang) -> String {
    let mut out = String::new();
    let vi = lang == Lang::Vi;
    let p = &plan.package;
    line(
        &mut out,
        format!(
            "{} {} · {} · {} {} · {} {} · {}",
            lang.pick("Gói", "Package"),
            p.id,
            p.kind.as_str(),
            lang.pick("đơn vị gửi", "sender"),
            p.sender_name.clone().unwrap_or_else(|| "-".into()),
            lang.pick("năm", "year"),
            p.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into()),
            crate::domain::format::local_time(&p.created_at)
        ),
    );
    let signer = &plan.signer;
    if signer.known {
        line(
            &mut out,
            format!(
                "{} {} ({} {})",
                lang.pick("Người gửi:", "Sender:"),
                signer.label,
                lang.pick("khóa đã đăng ký", "registered key"),
                signer.key.fingerprint()
            ),
        );
    } else {
        line(
            &mut out,
            format!(
                "! {} {}: {} {}",
                lang.pick("Khóa mới của người gửi", "New sender key of"),
                signer.label,
                signer.key.fingerprint(),
                lang.pick(
                    "— gọi điện đối chiếu mã này với người gửi trước khi chấp nhận",
                    "— confirm this fingerprint with the sender by phone before accepting"
                )
            ),
        );
    }
    if plan.unrelated {
        out.push_str(lang.pick(
            "! Tệp không có lịch sử chung với tệp này: đơn vị và tài liệu sẽ được thêm bên cạnh dữ liệu hiện có.\n",
            "! The file shares no history with this one: its units and documents would be added beside the existing ones.\n",
        ));
    }
    if plan.already_imported {
        out.push_str(lang.pick(
            "Gói này đã được nhập trước đây.\n",
            "This package was imported before.\n",
        ));
    }
    let place = |p: &import::Place| {
        // A unit refused as a whole belongs to no year.
        let mut s = if p.year == 0 {
            format!("{} {}", p.unit_code, p.unit_name)
        } else {
            format!("{} · {} {}", p.year, p.unit_code, p.unit_name)
        };
        if let Some(c) = &p.criterion {
            s.push_str(&format!(" · {} {c}", lang.pick("TC", "criterion")));
        }
        s
    };
    for u in &plan.new_units {
        line(
            &mut out,
            format!(
                "+ {} {} {}",
                lang.pick("Đơn vị mới:", "New unit:"),
                u.code,
                u.name
            ),
        );
    }
    for a in &plan.new_assessments {
        line(
            &mut out,
            format!(
                "+ {} {} ({} {})",
                lang.pick("Phiếu chấm điểm mới:", "New assessment:"),
                place(&a.place),
                a.leaves,
                lang.pick("tiêu chí", "leaves")
            ),
        );
    }
    for c in &plan.changes {
        line(
            &mut out,
            format!(
                "~ {} · {}: {} → {}",
                place(&c.place),
                c.field.label(lang),
                c.old.display(),
                c.new.display()
            ),
        );
    }
    for e in &plan.new_evidence {
        let file = if e.file_included {
            e.file_name.clone()
        } else if vi {
            format!("{} (không kèm tệp)", e.file_name)
        } else {
            format!("{} (file not included)", e.file_name)
        };
        line(
            &mut out,
            format!(
                "+ {} {} · {}",
                if e.file_only {
                    lang.pick("Tệp kiểm chứng:", "Evidence file:")
                } else {
                    lang.pick("Tài liệu kiểm chứng mới:", "New evidence:")
                },
                e.reference,
                file
            ),
        );
    }
    for l in &plan.new_links {
        line(
            &mut out,
            format!(
                "+ {} {} ← {}{}",
                lang.pick("Liên kết:", "Link:"),
                place(&l.place),
                l.reference,
                if l.page.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", l.page)
                }
            ),
        );
    }
    for c in &plan.conflicts {
        line(
            &mut out,
            format!(
                "! {} {} · {}: {} {} | {} {}",
                lang.pick("Xung đột", "Conflict"),
                place(&c.place),
                c.field.label(lang),
                lang.pick("tệp này", "this file"),
                c.local.display(),
                lang.pick("nhận được", "received"),
                c.incoming.display()
            ),
        );
    }
    for r in &plan.refused {
        line(
            &mut out,
            format!(
                "- {} {} · {}: {}",
                lang.pick("Không nhận", "Refused"),
                place(&r.place),
                r.what,
                r.reason_in(lang)
            ),
        );
    }
    for p in &plan.late {
        line(
            &mut out,
            format!(
                "* {} {}",
                lang.pick("Nộp muộn (phiếu đã khóa):", "Late (locked assessment):"),
                place(p)
            ),
        );
    }
    line(
        &mut out,
        format!(
            "{}: {} {}, {} {}, {} {}, {} {}, {} {}",
            lang.pick("Tổng", "Total"),
            plan.changes.len(),
            lang.pick("thay đổi", "changes"),
            plan.new_evidence.len() + plan.new_links.len(),
            lang.pick("tài liệu/liên kết", "evidence/links"),
            plan.new_assessments.len() + plan.new_units.len(),
            lang.pick("phiếu/đơn vị mới", "new assessments/units"),
            plan.conflicts.len(),
            lang.pick("xung đột", "conflicts"),
            plan.refused.len(),
            lang.pick("không nhận", "refused")
        ),
    );
    out
}

/// The flags of `parindex import`.
pub struct ImportOptions {
    pub dry_run: bool,
    pub allow_late: bool,
    /// The fingerprint of a new sender's key.
    pub trust: Option<String>,
    pub accept_unrelated: bool,
}

pub fn import(
    file: &Path,
    incoming: &Path,
    options: ImportOptions,
    conflicts: Option<Resolution>,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let ImportOptions {
        dry_run,
        allow_late,
        trust,
        accept_unrelated,
    } = options;
    let refuse = |e: crate::store::StoreError| Refusal::new(e.message(lang));
    if let Some(why) = not_a_file(incoming, Expected::Document, lang) {
        return Err(Refusal::new(why));
    }
    // The received file is checked before the live file is opened for writing.
    let received = import::receive(incoming).map_err(refuse)?;
    let mut store = if dry_run {
        open_read(file, lang)?
    } else {
        open_store(file, Access::ReadWrite, lang)?
    };
    let plan = store
        .plan_import(&received, PlanOptions { allow_late })
        .map_err(refuse)?;
    print!("{}", plan_text(&plan, lang));
    if dry_run {
        return Ok(if plan.conflicts.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if !plan.conflicts.is_empty() && conflicts.is_none() {
        eprintln!(
            "parindex: {}",
            crate::store::StoreError::Unresolved(plan.conflicts.len()).message(lang)
        );
        return Ok(ExitCode::from(1));
    }
    // A new key is accepted only by typing its fingerprint (read over the phone).
    let signer = &plan.signer;
    let trust_sender = signer.known || trust.as_deref().is_some_and(|t| signer.key.matches(t));
    if !trust_sender && !plan.is_empty() {
        eprintln!(
            "parindex: {}",
            crate::store::StoreError::SenderNotTrusted(signer.key.fingerprint()).message(lang)
        );
        return Ok(ExitCode::from(1));
    }
    if plan.unrelated && !accept_unrelated && !plan.is_empty() {
        eprintln!(
            "parindex: {}",
            crate::store::StoreError::Unrelated.message(lang)
        );
        return Ok(ExitCode::from(1));
    }
    let applied = store
        .apply_import(
            &received,
            &plan,
            &Choices {
                conflicts: Vec::new(),
                all_conflicts: conflicts,
                trust_sender,
                accept_unrelated,
            },
        )
        .map_err(refuse)?;
    match &applied.backup {
        Some(backup) => println!(
            "{} {} {} ({} {})",
            lang.pick("Đã nhập:", "Imported:"),
            applied.changes,
            lang.pick("thay đổi", "changes"),
            lang.pick("bản sao lưu trước khi nhập", "backup before import"),
            backup.display()
        ),
        None => println!(
            "{}",
            lang.pick(
                "Không có gì thay đổi; tệp giữ nguyên.",
                "Nothing to change; the file is unchanged."
            )
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup_now(file: &Path, lang: Lang) -> Result<ExitCode, Refusal> {
    let refuse = |e: crate::store::StoreError| Refusal::new(e.message(lang));
    let store = open_read(file, lang)?;
    let path = backup::take(&store, Reason::Manual).map_err(refuse)?;
    println!(
        "{} {}",
        lang.pick("Đã sao lưu:", "Backed up:"),
        path.display()
    );
    let list = backup::list(file).map_err(refuse)?;
    println!(
        "{} ({}):",
        lang.pick("Các bản sao lưu", "Backups"),
        list.len()
    );
    for b in list {
        println!(
            "  {}  {:>10}  {}  {}",
            b.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
            megabytes(b.size),
            b.reason.label(lang),
            b.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(file: &Path, from: &Path, lang: Lang) -> Result<ExitCode, Refusal> {
    let refuse = |e: crate::store::StoreError| Refusal::new(e.message(lang));
    if let Some(why) = not_a_file(from, Expected::Document, lang) {
        return Err(Refusal::new(why));
    }
    // Said before the file is opened (and locked): the store refuses it too.
    if same_file(file, from) {
        return Err(Refusal::new(lang.pick(
            "Không thể khôi phục một tệp từ chính nó",
            "A file cannot be restored from itself",
        )));
    }
    let mut store = open_store(file, Access::ReadWrite, lang)?;
    let undo = store.restore_from(from).map_err(refuse)?;
    println!(
        "{} {} · {} {}",
        lang.pick("Đã khôi phục từ", "Restored from"),
        for_terminal(&from.display().to_string()),
        lang.pick(
            "bản trước khi khôi phục (để hoàn tác):",
            "the file before the restore (to undo):"
        ),
        undo.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `parindex keys`: this file's own key and the senders it trusts; `--forget` one of them.
pub fn keys(
    file: &Path,
    forget: Option<&str>,
    reason: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Refusal> {
    let refuse = |e: crate::store::StoreError| Refusal::new(e.message(lang));
    let mut store = open_store(file, Access::ReadWrite, lang)?;
    if let Some(who) = forget {
        let gone = store
            .forget_sender(who, reason.unwrap_or_default())
            .map_err(refuse)?;
        println!(
            "{} {} ({})",
            lang.pick("Đã bỏ khóa của", "Forgot the key of"),
            for_terminal(&gone.label),
            gone.key.fingerprint()
        );
    }
    match store.own_key_fingerprint().map_err(refuse)? {
        Some(print) => println!(
            "{} {print}",
            lang.pick("Mã khóa của tệp này:", "This file's key:")
        ),
        None => println!(
            "{}",
            lang.pick(
                "Tệp này chưa có khóa (được tạo ở lần xuất dữ liệu đầu tiên).",
                "This file has no key yet (made at its first export)."
            )
        ),
    }
    let trusted = store.trusted_senders().map_err(refuse)?;
    println!(
        "{} ({}):",
        lang.pick("Người gửi tin cậy", "Trusted senders"),
        trusted.len()
    );
    for t in trusted {
        println!(
            "  {}  {}  {} {}",
            t.key.fingerprint(),
            for_terminal(&t.label),
            crate::domain::format::local_time(&t.accepted_at),
            for_terminal(&t.accepted_by)
        );
    }
    Ok(ExitCode::SUCCESS)
}
