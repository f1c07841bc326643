//! Strings of slow work in the background: what runs, its count, and the refusal of a
//! second write meanwhile.

use super::Tr;

/// After the work's name: "Đang sao lưu, vui lòng chờ xong".
pub const BUSY_WAIT: Tr = Tr("vui lòng chờ xong", "please wait until it is done");
pub const BUSY_REFUSED_NOTE: Tr = Tr(
    "Chưa làm gì thêm: tệp đang được dùng cho việc này.",
    "Nothing else was done: the file is in use for this work.",
);
pub const CLOSE_WHEN_DONE: Tr = Tr(
    "Cửa sổ sẽ đóng khi việc này xong (tệp được giữ nguyên vẹn).",
    "The window will close when this work is done (the file is kept whole).",
);
pub const KEEP_OPEN: Tr = Tr("Không đóng nữa", "Keep the window open");
pub const SCREEN_WAITS: Tr = Tr(
    "Màn hình này đọc dữ liệu từ tệp; nó sẽ hiện ra khi việc đang làm xong.",
    "This screen reads the file; it is shown when the work is done.",
);
pub const PERCENT_DONE: Tr = Tr("đã xong", "done");

pub const MAKING_PDF: Tr = Tr("Đang tạo tệp PDF…", "Making the PDF…");
pub const MAKING_SCORECARDS: Tr = Tr("Đang xuất phiếu điểm…", "Making the scorecards…");
pub const MAKING_SCORECARDS_COUNTED: Tr = Tr(
    "Đang xuất {done}/{total} phiếu điểm…",
    "Making scorecard {done} of {total}…",
);
pub const PDF_SAVING: Tr = Tr(
    "Đang nén và ghi tệp PDF…",
    "Compressing and writing the PDF…",
);
pub const BACKUP_CHECKING: Tr = Tr("Đang kiểm tra bản sao lưu…", "Checking the backup…");
pub const SURVEY_READING: Tr = Tr("Đang đọc tệp điểm điều tra…", "Reading the survey file…");
pub const SURVEY_STORING: Tr = Tr("Đang lưu điểm điều tra…", "Storing the survey points…");
pub const SURVEY_STORING_COUNTED: Tr = Tr(
    "Đang lưu điểm điều tra: {done}/{total} dòng…",
    "Storing the survey points: row {done} of {total}…",
);
pub const WORKBOOK_WRITING: Tr = Tr("Đang ghi sổ tính của năm…", "Writing the year's workbook…");
pub const WORKBOOK_WRITING_COUNTED: Tr = Tr(
    "Đang ghi sổ tính: {done}/{total} trang tính…",
    "Writing the workbook: sheet {done} of {total}…",
);
pub const SET_READING: Tr = Tr(
    "Đang đọc phụ lục bộ chỉ số…",
    "Reading the index set appendix…",
);
pub const SET_STORING: Tr = Tr("Đang lưu bộ chỉ số…", "Storing the index set…");
