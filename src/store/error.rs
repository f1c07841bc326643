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
    #[error("criterion {0} cannot be marked not applicable")]
    NaNotAllowed(String),
    #[error("invalid: {0}")]
    Invalid(String),
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
                if vi {
                    format!("Tệp bị hỏng: {detail}")
                } else {
                    format!("The file is damaged: {detail}")
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
