//! Errors of the document file, each with a one-line message in Vietnamese or English.

use std::path::PathBuf;

use crate::domain::scoring::RawError;
use crate::domain::{Lang, PointsError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("file not found: {0}")]
    NotFound(PathBuf),
    #[error("file already exists: {0}")]
    AlreadyExists(PathBuf),
    #[error("not a parindex file: {0}")]
    NotOurs(PathBuf),
    #[error("file made by a newer version (schema {found}, this program knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("file is damaged: {0}")]
    Damaged(String),
    #[error("file is open in another window or program")]
    Busy,
    #[error("no index set for {year} ({level})")]
    NoIndexSet { year: i32, level: String },
    #[error("unknown unit {code} in {year}")]
    UnknownUnit { code: String, year: i32 },
    #[error("unit {code} has no assessment in {year}")]
    NoAssessment { code: String, year: i32 },
    #[error("unknown criterion {0}")]
    UnknownCriterion(String),
    #[error("criterion {0} is not a leaf")]
    NotALeaf(String),
    #[error("criterion {0} is scored by the survey")]
    SurveyLeaf(String),
    #[error("criterion {code}: {error}")]
    Points { code: String, error: PointsError },
    #[error("criterion {code}: {error}")]
    Raw { code: String, error: RawError },
    #[error("assessment of {unit} for {year} is locked")]
    Locked { unit: String, year: i32 },
    #[error("a reason is required")]
    ReasonRequired(String),
    #[error("the self-assessment of {unit} was sent")]
    SelfAssessmentSent { unit: String },
    #[error("status {from:?} cannot go to {to:?}")]
    StatusStep {
        from: crate::domain::Status,
        to: crate::domain::Status,
    },
    #[error("criterion {0} cannot be marked not applicable")]
    NaNotAllowed(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("not a SQLite file: {0}")]
    NotSqlite(PathBuf),
    #[error("received file has a different schema: {0}")]
    ForeignSchema(String),
    #[error("received file has a bad row in {table}: {detail}")]
    BadRow { table: String, detail: String },
    #[error("evidence files do not match their hash: {0:?}")]
    EvidenceMismatch(Vec<String>),
    #[error("the audit log of the received file is broken at entries {0:?}")]
    BrokenLog(Vec<i64>),
    #[error("the file changed since the merge plan was made")]
    PlanOutdated,
    #[error("{0} conflicts have no choice")]
    Unresolved(usize),
    #[error("the package's signature does not match its content")]
    BadSignature,
    #[error("the package carries no signature")]
    Unsigned,
    #[error("the received file is not an exported package")]
    NotAPackage,
    #[error("this is the open file itself")]
    OpenFileItself,
    #[error("package of {sender} signed with key {found}, not the registered {expected}")]
    KeyMismatch {
        sender: String,
        expected: String,
        found: String,
    },
    #[error("the sender's key {0} is not accepted yet")]
    SenderNotTrusted(String),
    #[error("the received file shares no history with this file")]
    Unrelated,
    #[error("export check failed: {0}")]
    ExportCheck(String),
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// The one-line message shown to the officer.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            StoreError::NotFound(p) => {
                if vi {
                    format!("Không tìm thấy tệp {}", p.display())
                } else {
                    format!("File not found: {}", p.display())
                }
            }
            StoreError::AlreadyExists(p) => {
                if vi {
                    format!("Tệp {} đã có; dùng --force để ghi đè", p.display())
                } else {
                    format!(
                        "File {} already exists; use --force to overwrite",
                        p.display()
                    )
                }
            }
            StoreError::NotOurs(p) => {
                if vi {
                    format!(
                        "Tệp {} không phải tệp dữ liệu Chỉ số CCHC (.cchc) của parindex",
                        p.display()
                    )
                } else {
                    format!("{} is not a parindex PAR index file (.cchc)", p.display())
                }
            }
            StoreError::TooNew { found, known } => {
                if vi {
                    format!(
                        "Tệp được tạo bởi phiên bản mới hơn (lược đồ {found}, chương trình này hiểu đến {known}); hãy cập nhật parindex"
                    )
                } else {
                    format!(
                        "The file was made by a newer version (schema {found}, this program knows up to {known}); please update parindex"
                    )
                }
            }
            StoreError::Damaged(detail) => {
                // A detail written "tiếng Việt / English" is shown in the chosen language; one
                // from SQLite (English only) follows a Vietnamese sentence saying what it means.
                let detail = match detail.split_once(" / ") {
                    Some((vi_part, en_part)) => lang.pick(vi_part, en_part),
                    None => detail,
                };
                if vi {
                    format!(
                        "Tệp bị hỏng, dữ liệu trong tệp không còn nguyên vẹn ({detail})"
                    )
                } else {
                    format!(
                        "The file is damaged, its data is no longer whole ({detail})"
                    )
                }
            }
            StoreError::Busy => lang
                .pick(
                    "Tệp đang được mở ở một cửa sổ hoặc chương trình khác",
                    "The file is open in another window or program",
                )
                .to_owned(),
            StoreError::NoIndexSet { year, level } => {
                if vi {
                    format!("Chưa có bộ chỉ số năm {year} ({level})")
                } else {
                    format!("No index set for {year} ({level})")
                }
            }
            StoreError::UnknownUnit { code, year } => {
                if vi {
                    format!("Không có đơn vị mã {code} trong năm {year}")
                } else {
                    format!("No unit with code {code} in {year}")
                }
            }
            StoreError::NoAssessment { code, year } => {
                if vi {
                    format!("Đơn vị {code} chưa có phiếu chấm điểm năm {year}")
                } else {
                    format!("Unit {code} has no assessment in {year}")
                }
            }
            StoreError::UnknownCriterion(code) => {
                if vi {
                    format!("Không có tiêu chí mã {code} trong bộ chỉ số")
                } else {
                    format!("No criterion with code {code} in the index set")
                }
            }
            StoreError::NotALeaf(code) => {
                if vi {
                    format!("Tiêu chí {code} có tiêu chí con; chỉ chấm điểm ở tiêu chí thành phần")
                } else {
                    format!(
                        "Criterion {code} has sub-criteria; points are entered on the leaves only"
                    )
                }
            }
            StoreError::SurveyLeaf(code) => {
                if vi {
                    format!("Tiêu chí {code} lấy điểm từ điều tra xã hội học, không chấm trực tiếp")
                } else {
                    format!("Criterion {code} takes its points from the survey")
                }
            }
            StoreError::Points { code, error } => {
                format!(
                    "{} {code}: {}",
                    lang.pick("Tiêu chí", "Criterion"),
                    points_message(error, lang)
                )
            }
            StoreError::Raw { code, error } => {
                format!(
                    "{} {code}: {}",
                    lang.pick("Tiêu chí", "Criterion"),
                    error.message(lang)
                )
            }
            StoreError::Locked { unit, year } => {
                if vi {
                    format!(
                        "Phiếu chấm điểm năm {year} của {unit} đã khóa (đã công bố); phải mở khóa kèm lý do trước khi sửa"
                    )
                } else {
                    format!(
                        "The {year} assessment of {unit} is locked (final); reopen it with a reason first"
                    )
                }
            }
            StoreError::SelfAssessmentSent { unit } => {
                if vi {
                    format!(
                        "{unit} đã gửi thẩm định: điểm tự đánh giá và số liệu là của đơn vị, không sửa được; ghi điểm thẩm định ở cột Thẩm định (vòng 1) hoặc Điểm cuối, hoặc trả lại đơn vị (kèm lý do) để đơn vị sửa"
                    )
                } else {
                    format!(
                        "{unit} has sent its self-assessment: its self points and figures are its own; enter the appraisal in the round-1 or final column, or send it back (with a reason) to be corrected"
                    )
                }
            }
            StoreError::StatusStep { from, to } => {
                let (from, to) = (from.label(lang), to.label(lang));
                if vi {
                    format!(
                        "Không chuyển thẳng từ \"{from}\" sang \"{to}\": mỗi lần một bước (Đang tự đánh giá → Đã gửi → Đã thẩm định → Đã công bố), hoặc trả lại một bước kèm lý do"
                    )
                } else {
                    format!(
                        "Cannot go from \"{from}\" straight to \"{to}\": one step at a time (drafting → submitted → appraised → final), or back one step with a reason"
                    )
                }
            }
            StoreError::ReasonRequired(what) => {
                if vi {
                    format!("Cần ghi lý do: {what}")
                } else {
                    format!("A reason is required: {what}")
                }
            }
            StoreError::NaNotAllowed(code) => {
                if vi {
                    format!("Tiêu chí {code} không được đánh dấu \"không phát sinh\"")
                } else {
                    format!("Criterion {code} cannot be marked \"did not arise\"")
                }
            }
            StoreError::Invalid(detail) => detail.clone(),
            StoreError::NotSqlite(p) => {
                if vi {
                    format!(
                        "Tệp {} không phải tệp cơ sở dữ liệu (SQLite) nên không phải tệp .cchc; không nhập gì",
                        p.display()
                    )
                } else {
                    format!(
                        "{} is not a database (SQLite) file, so not a .cchc file; nothing imported",
                        p.display()
                    )
                }
            }
            StoreError::ForeignSchema(what) => {
                if vi {
                    format!(
                        "Tệp nhận được có cấu trúc khác tệp parindex ({what}); có thể đã bị sửa bằng chương trình khác, không nhập gì"
                    )
                } else {
                    format!(
                        "The received file's structure differs from a parindex file ({what}); it may have been altered by another program; nothing imported"
                    )
                }
            }
            StoreError::BadRow { table, detail } => {
                if vi {
                    format!(
                        "Tệp nhận được có dữ liệu không hợp lệ ở bảng {table}: {detail}; không nhập gì"
                    )
                } else {
                    format!(
                        "The received file has invalid data in table {table}: {detail}; nothing imported"
                    )
                }
            }
            StoreError::EvidenceMismatch(keys) => {
                let list = keys
                    .iter()
                    .map(|k| k.chars().take(12).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(", ");
                if vi {
                    format!(
                        "Tệp tài liệu kiểm chứng trong tệp nhận được không khớp mã băm SHA-256 (bị hỏng hoặc bị sửa): {list}; không nhập gì"
                    )
                } else {
                    format!(
                        "Evidence files in the received file do not match their SHA-256 hash (damaged or altered): {list}; nothing imported"
                    )
                }
            }
            StoreError::BrokenLog(seqs) => {
                let list = seqs
                    .iter()
                    .take(5)
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                if vi {
                    format!(
                        "Nhật ký thay đổi của tệp nhận được bị đứt chuỗi (mục {list}): tệp đã bị sửa ngoài chương trình; không nhập gì"
                    )
                } else {
                    format!(
                        "The audit log of the received file is broken (entries {list}): the file was altered outside the program; nothing imported"
                    )
                }
            }
            StoreError::PlanOutdated => lang
                .pick(
                    "Tệp đã thay đổi từ khi lập kế hoạch hợp nhất; hãy xem lại kế hoạch",
                    "The file changed since the merge plan was made; review the plan again",
                )
                .to_owned(),
            StoreError::Unresolved(n) => {
                if vi {
                    format!(
                        "Có {n} xung đột (giá trị bị sửa ở cả hai bên) chưa được chọn; không nhập gì. Chọn --conflicts keep (giữ giá trị trong tệp) hoặc --conflicts take (lấy giá trị nhận được)"
                    )
                } else {
                    format!(
                        "{n} conflicts (a value changed on both sides) have no choice; nothing imported. Choose --conflicts keep (keep this file's value) or --conflicts take (take the received value)"
                    )
                }
            }
            StoreError::BadSignature => lang
                .pick(
                    "Chữ ký của gói không khớp nội dung: tệp đã bị sửa sau khi được ký (nhật ký, điểm hoặc tài liệu bị thay đổi); không dùng tệp này, không nhập gì. Đề nghị đơn vị gửi xuất lại bằng Trao đổi dữ liệu → Gửi tệp → Xuất tệp và gửi lại",
                    "The package's signature does not match its content: the file was changed after it was signed (log, points or documents altered); do not use it, nothing imported. Ask the sender to export again with Data exchange → Send → Export and send the new file",
                )
                .to_owned(),
            StoreError::Unsigned => lang
                .pick(
                    "Gói không có chữ ký của người gửi (do phiên bản cũ tạo hoặc đã bị gỡ chữ ký); không nhập gì. Đề nghị đơn vị gửi cập nhật parindex, xuất lại bằng Trao đổi dữ liệu → Gửi tệp → Xuất tệp và gửi lại",
                    "The package carries no sender's signature (made by an old version, or the signature was removed); nothing imported. Ask the sender to update parindex, export again with Data exchange → Send → Export and send the new file",
                )
                .to_owned(),
            StoreError::OpenFileItself => lang
                .pick(
                    "Đây là chính tệp đang mở; hãy chọn tệp khác",
                    "This is the open file itself; choose another file",
                )
                .to_owned(),
            StoreError::NotAPackage => lang
                .pick(
                    "Tệp nhận được không phải gói dữ liệu xuất từ parindex (một tệp làm việc hoặc bản sao lưu gửi nguyên trạng); không nhập gì. Đề nghị bên gửi dùng Trao đổi dữ liệu → Gửi tệp → Xuất tệp; bản sao lưu của chính tệp này thì dùng Khôi phục",
                    "The received file is not a package exported by parindex (a working file or a backup sent as it is); nothing imported. Ask the sender to use Data exchange → Send → Export; for a backup of this file use Restore",
                )
                .to_owned(),
            StoreError::KeyMismatch {
                sender,
                expected,
                found,
            } => {
                if vi {
                    format!(
                        "Gói của {sender} được ký bằng khóa {found}, khác khóa đã đăng ký {expected}; không nhập gì. Nếu đơn vị đã đổi máy, hãy gọi điện đối chiếu mã khóa rồi bỏ khóa cũ (Trao đổi dữ liệu → Khóa ký gói dữ liệu → Bỏ khóa, hoặc parindex keys TỆP --forget MÃ_ĐƠN_VỊ) và nhập lại"
                    )
                } else {
                    format!(
                        "The package of {sender} is signed with key {found}, not the registered key {expected}; nothing imported. If the unit changed computers, confirm the key by phone, forget the old one (Data exchange → Package signing keys → Forget key, or parindex keys FILE --forget UNIT_CODE) and import again"
                    )
                }
            }
            StoreError::SenderNotTrusted(print) => {
                if vi {
                    format!(
                        "Khóa của người gửi (mã {print}) chưa được xác nhận; hãy gọi điện đối chiếu mã khóa với người gửi rồi chọn tin cậy (--trust {print}); không nhập gì"
                    )
                } else {
                    format!(
                        "The sender's key (fingerprint {print}) is not accepted yet; confirm it with the sender by phone, then accept it (--trust {print}); nothing imported"
                    )
                }
            }
            StoreError::Unrelated => lang
                .pick(
                    "Tệp nhận được không có lịch sử chung với tệp này (có thể là tệp của nơi khác): nhập sẽ thêm đơn vị và tài liệu trùng lặp. Chỉ nhập khi chắc chắn (--accept-unrelated); không nhập gì",
                    "The received file shares no history with this file (it may come from another office): importing would add duplicate units and documents. Import only if you are sure (--accept-unrelated); nothing imported",
                )
                .to_owned(),
            StoreError::ExportCheck(what) => {
                if vi {
                    format!("Bản xuất không qua được kiểm tra ({what}); không ghi tệp")
                } else {
                    format!("The exported copy failed its check ({what}); no file written")
                }
            }
            StoreError::Sqlite(e) => {
                if vi {
                    format!("Lỗi cơ sở dữ liệu: {e}")
                } else {
                    format!("Database error: {e}")
                }
            }
            StoreError::Io(e) => {
                if vi {
                    format!("Lỗi đọc/ghi tệp: {e}")
                } else {
                    format!("File error: {e}")
                }
            }
        }
    }
}

/// The message of a refused points value.
pub fn points_message(error: &PointsError, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match error {
        PointsError::Empty => lang.pick("chưa nhập điểm", "no value given").to_owned(),
        PointsError::Malformed(t) => {
            if vi {
                format!("\"{t}\" không phải là số điểm (ví dụ 0,5 hoặc 1)")
            } else {
                format!("\"{t}\" is not a number of points (e.g. 0.5 or 1)")
            }
        }
        PointsError::Negative(t) => {
            if vi {
                format!("điểm không được âm ({t})")
            } else {
                format!("points cannot be negative ({t})")
            }
        }
        PointsError::TooManyDecimals(t) => {
            if vi {
                format!("\"{t}\" có quá 3 chữ số thập phân")
            } else {
                format!("\"{t}\" has more than 3 decimals")
            }
        }
        PointsError::AboveMax { value, max } => {
            if vi {
                format!("điểm {} vượt điểm tối đa {}", value.to_vi(), max.to_vi())
            } else {
                format!(
                    "{} points is above the maximum of {}",
                    value.to_plain(),
                    max.to_plain()
                )
            }
        }
    }
}
