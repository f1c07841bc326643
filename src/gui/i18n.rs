//! Every string of the window, in Vietnamese (first) and English.

use crate::domain::Lang;

/// A text of the interface: Vietnamese and English side by side, so neither can be forgotten.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub &'static str, pub &'static str);

impl Tr {
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}

pub const APP_TITLE: Tr = Tr(
    "parindex — Chỉ số cải cách hành chính",
    "parindex — PAR index",
);

// Start screen.
pub const START_HEADING: Tr = Tr(
    "Chỉ số cải cách hành chính",
    "Public Administration Reform index",
);
pub const START_INTRO: Tr = Tr(
    "Mở tệp dữ liệu (.cchc) để chấm điểm, xếp hạng và in báo cáo. Mọi thay đổi được lưu ngay.",
    "Open a data file (.cchc) to score, rank and print reports. Every change is saved at once.",
);
pub const RECENT_FILES: Tr = Tr("Tệp gần đây", "Recent files");
pub const NO_RECENT: Tr = Tr("Chưa có tệp nào.", "No files yet.");
pub const NEW_FILE: Tr = Tr("Tạo tệp mới", "New file");
pub const OPEN_FILE: Tr = Tr("Mở tệp…", "Open file…");
pub const OPEN_DEMO: Tr = Tr("Mở dữ liệu mẫu", "Open the demo");
pub const PATH_LABEL: Tr = Tr("Đường dẫn tệp", "File path");
pub const PATH_HINT: Tr = Tr(
    "/home/.../chi-so-cchc-2025.cchc",
    "/home/.../par-index-2025.cchc",
);
pub const OPEN_PATH: Tr = Tr("Mở", "Open");
pub const CREATE: Tr = Tr("Tạo", "Create");
pub const RESCUE_HEADING: Tr = Tr(
    "Có bản sao lưu tốt của tệp này",
    "A good backup of this file exists",
);
pub const RESCUE_BODY: Tr = Tr(
    "Bản sao lưu lúc {when} đã được kiểm tra (toàn vẹn, đúng tệp Chỉ số CCHC, nhật ký thay đổi). Khôi phục nó vào một tệp mới; tệp bị hỏng được giữ nguyên.",
    "The backup of {when} was checked (integrity, a PAR index file, its change log). Restore it into a new file; the damaged file is kept as it is.",
);
pub const RESCUE_TARGET: Tr = Tr("Tệp mới", "New file");
pub const RESCUE_RESTORE: Tr = Tr("Khôi phục vào tệp mới", "Restore into a new file");
pub const NO_DIALOG: Tr = Tr(
    "Máy này không có hộp thoại chọn tệp; hãy gõ đường dẫn tệp vào ô bên dưới.",
    "This system offers no file dialog; type the file's path below.",
);
pub const OWNER_UNIT: Tr = Tr("Cơ quan thực hiện", "Your office");
pub const OWNER_HINT: Tr = Tr(
    "UBND huyện Thạch An — Phòng Nội vụ",
    "UBND huyện Thạch An — Phòng Nội vụ",
);
pub const LEVEL_SCORED: Tr = Tr("Cấp đơn vị được chấm", "Level of the units scored");
pub const LEVEL_COMMUNE: Tr = Tr("Cấp xã", "Communes");
pub const LEVEL_DISTRICT: Tr = Tr("Cấp huyện", "Districts");

// Workspace.
pub const YEAR: Tr = Tr("Năm", "Year");
pub const SEC_UNITS: Tr = Tr("Đơn vị", "Units");
pub const SEC_SETS: Tr = Tr("Bộ chỉ số", "Index sets");
pub const SEC_SCORING: Tr = Tr("Chấm điểm", "Scoring");
pub const SEC_EVIDENCE: Tr = Tr("Tài liệu kiểm chứng", "Evidence");
pub const SEC_RESULTS: Tr = Tr("Kết quả", "Results");
pub const SEC_REPORTS: Tr = Tr("Báo cáo", "Reports");
pub const SEC_EXCHANGE: Tr = Tr("Trao đổi dữ liệu", "Data exchange");
pub const SEC_HISTORY: Tr = Tr("Nhật ký", "History");
pub const HISTORY_TITLE: Tr = Tr("Nhật ký thay đổi", "Change history");
pub const SEC_SETTINGS: Tr = Tr("Cài đặt", "Settings");
pub const CLOSE_FILE: Tr = Tr("Đóng tệp", "Close file");
pub const SAVED: Tr = Tr("Đã lưu", "Saved");
pub const ADD_YEAR: Tr = Tr("Thêm năm", "Add year");
pub const COMING_LATER: Tr = Tr(
    "Phần này sẽ có trong bản sau. Dùng dòng lệnh trong lúc chờ:",
    "This part comes in a later version. Meanwhile use the command line:",
);

// Units.
pub const SEARCH: Tr = Tr(
    "Tìm (không cần dấu: \"duc long\")",
    "Search (diacritics optional)",
);
pub const CODE: Tr = Tr("Mã", "Code");
pub const NAME: Tr = Tr("Tên đơn vị", "Name");
pub const KIND: Tr = Tr("Loại", "Kind");
pub const VALID_FROM: Tr = Tr("Từ ngày", "From");
pub const VALID_TO: Tr = Tr("Đến ngày", "To");
pub const ADD_UNIT: Tr = Tr("Thêm đơn vị", "Add unit");
pub const SAVE: Tr = Tr("Lưu", "Save");
pub const EDIT: Tr = Tr("Sửa", "Edit");
pub const CANCEL: Tr = Tr("Hủy", "Cancel");
pub const RETIRE: Tr = Tr("Cho thôi hoạt động", "Retire");
pub const RETIRE_YES: Tr = Tr("Đồng ý, thôi hoạt động", "Yes, retire it");
pub const RETIRE_CONFIRM: Tr = Tr(
    "Ghi nhận thôi hoạt động từ hôm nay:",
    "Record as no longer operating from today:",
);
pub const UNIT_KIND: Tr = Tr("Loại", "Kind");
pub const VALIDITY: Tr = Tr("Thời gian hoạt động", "In operation");
pub const STILL_ACTIVE: Tr = Tr("đang hoạt động", "active");
pub const LINEAGE: Tr = Tr(
    "Sắp xếp ĐVHC (sáp nhập, đổi tên, chia tách)",
    "Mergers, renames, splits",
);
pub const LINEAGE_FROM: Tr = Tr("Các đơn vị cũ (chọn)", "Former units (pick)");
pub const LINEAGE_TO: Tr = Tr("Đơn vị mới", "New unit");
pub const RESOLUTION: Tr = Tr("Nghị quyết số", "Resolution no.");
pub const RESOLUTION_DATE: Tr = Tr("Ngày nghị quyết", "Resolution date");
pub const RECORD_MERGER: Tr = Tr("Ghi nhận sáp nhập", "Record the merger");
pub const DATE_HINT: Tr = Tr("ngày/tháng/năm", "dd/mm/yyyy");
pub const BAD_DATE: Tr = Tr(
    "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 08/01/2025",
    "Invalid date: type day/month/year, e.g. 08/01/2025",
);
pub const START_YEAR: Tr = Tr(
    "Lập phiếu chấm điểm cho các đơn vị của năm",
    "Start this year's assessments",
);

// Index sets.
pub const SET_TOTAL_WARNING: Tr = Tr(
    "Cảnh báo: tổng điểm tối đa của các tiêu chí khác điểm tối đa công bố của bộ chỉ số",
    "Warning: the criteria do not add up to the set's declared maximum",
);
pub const MAX_POINTS: Tr = Tr("Điểm tối đa", "Max points");
pub const TITLE: Tr = Tr("Tên tiêu chí", "Title");
pub const GUIDANCE: Tr = Tr("Hướng dẫn chấm", "Scoring guidance");
pub const SCORING_KIND: Tr = Tr("Cách chấm", "Scoring kind");
pub const NA_POLICY: Tr = Tr("Khi không phát sinh", "When it does not arise");
pub const EVIDENCE_REQ: Tr = Tr("Tài liệu kiểm chứng yêu cầu", "Evidence required");
pub const ADD_CHILD: Tr = Tr("Thêm tiêu chí con", "Add sub-criterion");
pub const ADD_AREA: Tr = Tr("Thêm lĩnh vực", "Add area");
pub const DELETE: Tr = Tr("Xóa", "Delete");
pub const MOVE_UP: Tr = Tr("Lên", "Up");
pub const MOVE_DOWN: Tr = Tr("Xuống", "Down");
pub const COPY_SET: Tr = Tr(
    "Sao chép bộ chỉ số năm trước sang năm",
    "Copy last year's set to year",
);
pub const NO_SET: Tr = Tr(
    "Chưa có bộ chỉ số cho năm này.",
    "No index set for this year.",
);
pub const BANDS_RATIO_HINT: Tr = Tr("tỷ lệ % tối thiểu: điểm", "minimum %: points");
pub const BANDS_VALUE_HINT: Tr = Tr("giá trị tối thiểu: điểm", "minimum value: points");
pub const PER_UNIT: Tr = Tr(
    "Điểm mỗi lần (có trần là điểm tối đa)",
    "Points per occurrence (capped at the maximum)",
);
pub const BANDS: Tr = Tr("Mức điểm", "Bands");
pub const DECISION: Tr = Tr("Quyết định", "Decision");
pub const NEW_SET: Tr = Tr("Tạo bộ chỉ số mới", "New index set");
pub const NEW_CRITERION: Tr = Tr("Tiêu chí mới", "New criterion");

// Scoring.
pub const PICK_UNIT: Tr = Tr("Chọn đơn vị", "Pick a unit");
pub const COL_CODE: Tr = Tr("TT", "No.");
pub const COL_CRITERION: Tr = Tr("Lĩnh vực / Tiêu chí", "Area / criterion");
pub const COL_MAX: Tr = Tr("Điểm tối đa", "Max");
pub const COL_SELF: Tr = Tr("Tự đánh giá", "Self");
pub const COL_ROUND1: Tr = Tr("Thẩm định (vòng 1)", "Appraisal (round 1)");
pub const COL_EXPLANATION: Tr = Tr("Giải trình", "Explanation");
pub const COL_FINAL: Tr = Tr("Điểm cuối", "Final");
pub const COL_REASON: Tr = Tr("Ghi chú / Lý do", "Note / reason");
pub const COL_EVIDENCE: Tr = Tr("Tài liệu", "Evidence");
pub const TOTAL: Tr = Tr("Tổng điểm", "Total");
pub const INDEX: Tr = Tr("Chỉ số", "Index");
pub const CLASS: Tr = Tr("Xếp loại", "Class");
pub const STATUS: Tr = Tr("Trạng thái", "Status");
pub const SUBMIT: Tr = Tr("Gửi thẩm định", "Submit");
pub const APPRAISE: Tr = Tr("Hoàn thành thẩm định", "Appraisal done");
pub const FINALISE: Tr = Tr("Công bố và khóa", "Finalise and lock");
pub const REOPEN: Tr = Tr("Mở khóa", "Reopen");
pub const REOPEN_REASON: Tr = Tr("Lý do mở khóa", "Reason for reopening");
pub const UNDO: Tr = Tr("Hoàn tác (Ctrl+Z)", "Undo (Ctrl+Z)");
pub const MATRIX: Tr = Tr("So sánh các đơn vị", "Compare units");
pub const GRID: Tr = Tr("Phiếu chấm điểm", "Scoring sheet");
pub const NA: Tr = Tr("Không phát sinh", "Did not arise");
pub const NA_REASON: Tr = Tr("Lý do không phát sinh", "Why it did not arise");
pub const RAW_FIGURES: Tr = Tr("Số liệu", "Raw figures");
pub const LOCKED_NOTE: Tr = Tr(
    "Phiếu đã công bố và khóa: chỉ xem.",
    "Final and locked: read only.",
);
pub const DOCS_SHORT: Tr = Tr("văn bản", "docs");
pub const EXPLAINED: Tr = Tr("có giải thích", "explained");
pub const NEEDS_EVIDENCE: Tr = Tr("thiếu tài liệu", "no evidence");
pub const PASTE_NO_ROW: Tr = Tr(
    "không còn tiêu chí nào bên dưới để điền",
    "no criterion left below to fill",
);
pub const PASTE_TWO_FIGURES: Tr = Tr(
    "tiêu chí tỷ lệ cần hai cột: tử số và mẫu số",
    "a ratio criterion needs two columns: numerator and denominator",
);
pub const PASTE_REFUSED: Tr = Tr(
    "Chưa lưu gì. Các dòng sau không dán được:",
    "Nothing stored yet. These rows cannot be pasted:",
);
pub const PASTE_LINE: Tr = Tr("Dòng", "Row");
pub const PASTE_STORE_REST: Tr = Tr("Lưu các dòng hợp lệ", "Store the valid rows");
pub const PASTE_CANCEL: Tr = Tr("Hủy dán", "Cancel the paste");
pub const EMPTY_CRITERIA: Tr = Tr("tiêu chí chưa nhập", "criteria empty");
pub const GOTO_HINT: Tr = Tr(
    "Gõ tên đơn vị (không cần dấu), Enter để mở",
    "Type a unit's name (diacritics optional), Enter to open",
);
pub const GOTO_NONE: Tr = Tr("Không có đơn vị nào khớp.", "No unit matches.");
pub const CLOSE: Tr = Tr("Đóng", "Close");
// Who is working.
pub const WHO_TITLE: Tr = Tr("Ai đang làm việc?", "Who is working?");
pub const WHO_INTRO: Tr = Tr(
    "Tên và cơ quan của anh/chị được ghi vào nhật ký của mọi thay đổi và vào gói gửi đi. Chỉ hỏi một lần; sửa lại ở trang Cài đặt.",
    "Your name and office are written into the log of every change and into packages sent. Asked once; change them in Settings.",
);
pub const WHO_NAME: Tr = Tr("Họ và tên", "Full name");
pub const WHO_OFFICE: Tr = Tr("Cơ quan, đơn vị", "Office");
pub const WHO_SAVE: Tr = Tr("Lưu và tiếp tục", "Save and continue");
pub const WHO_NEEDED: Tr = Tr("Hãy nhập họ và tên.", "Please type your full name.");
pub const WHO_LINE: Tr = Tr("Người làm", "Working");
pub const AUTHOR_UNKNOWN: Tr = Tr("(không ghi tên người lập)", "(author not named)");
pub const PROVISIONAL: Tr = Tr("tạm tính", "provisional");
pub const UNSAVED_TOTAL: Tr = Tr(
    "(gồm điểm đang gõ, chưa lưu)",
    "(includes points being typed, not saved)",
);
pub const ALLOWS_OVER_100: Tr = Tr(
    "Tỷ lệ được vượt 100% (ví dụ thu ngân sách so với dự toán)",
    "The ratio may pass 100% (e.g. revenue against its estimate)",
);
pub const OVER_100_NOTE: Tr = Tr("được vượt 100%", "may pass 100%");
pub const LAST_YEAR_FAR: Tr = Tr(
    "khác xa năm trước (hơn nửa điểm tối đa), năm trước",
    "far from last year (more than half the maximum), last year",
);
pub const APPRAISAL_BEFORE_SUBMIT: Tr = Tr(
    "Đơn vị chưa gửi thẩm định: điểm thẩm định nhập lúc này được ghi trước khi đơn vị gửi.",
    "The unit has not sent its self-assessment: appraised points entered now are recorded before it does.",
);
pub const SET_IMPORT: Tr = Tr("Nhập phụ lục từ Excel…", "Import the appendix from Excel…");
pub const SET_IMPORT_HINT: Tr = Tr(
    "Bảng chỉ số kèm theo quyết định (XLSX hoặc CSV; tệp .xls, .ods hãy lưu lại thành .xlsx): chương trình đọc số thứ tự (I, 1, 1.1, a)…), điểm và hướng dẫn chấm, cho xem trước; chưa ghi gì cho đến khi bấm Nhập.",
    "The index table of the decision (XLSX or CSV; save .xls or .ods as .xlsx): read by its numbering (I, 1, 1.1, a)…), points and guidance, shown first; nothing is stored until you press Import.",
);
pub const SET_IMPORT_PATH: Tr = Tr(
    "Đường dẫn tệp phụ lục (.xlsx, .csv)",
    "Path of the appendix (.xlsx, .csv)",
);
pub const SET_IMPORT_READ: Tr = Tr("Đọc và xem trước", "Read and preview");
pub const SET_IMPORT_REFUSED: Tr = Tr(
    "Không dùng được tệp này; chưa ghi gì. Các dòng cần sửa:",
    "This file cannot be used; nothing was stored. Rows to fix:",
);
pub const SET_IMPORT_FOUND: Tr = Tr("Đọc được", "Read");
pub const SET_IMPORT_AREAS: Tr = Tr("lĩnh vực", "areas");
pub const SET_IMPORT_LEAVES: Tr = Tr("tiêu chí thành phần", "leaves");
pub const SET_IMPORT_SUMS: Tr = Tr(
    "Điểm ghi trong quyết định khác tổng các tiêu chí con: chọn cách nhập",
    "Printed points differ from the sum of the sub-criteria: choose how to import",
);
pub const SET_IMPORT_PRINTED: Tr = Tr("ghi", "printed");
pub const SET_IMPORT_SUM: Tr = Tr("tổng các tiêu chí con", "sum of the sub-criteria");
pub const SET_IMPORT_KEEP_PRINTED: Tr =
    Tr("Giữ điểm ghi trong quyết định", "Keep the printed points");
pub const SET_IMPORT_USE_SUM: Tr = Tr("Dùng tổng các tiêu chí con", "Use the sums");
pub const SET_IMPORT_CHOOSE_SUMS: Tr = Tr(
    "Chọn cách xử lý điểm không khớp trước khi nhập",
    "Choose what to do with the sums that differ before importing",
);
pub const SET_IMPORT_RULES: Tr = Tr(
    "Cách chấm đề xuất từ hướng dẫn (sửa được ở Bộ chỉ số sau khi nhập):",
    "Scoring rules proposed from the guidance (editable here after the import):",
);
pub const SET_IMPORT_REPLACE: Tr = Tr(
    "Thay bộ chỉ số hiện có của năm (chỉ khi chưa đơn vị nào được chấm điểm)",
    "Replace this year's set (only while no unit has been scored)",
);
pub const SET_IMPORT_ACCEPT: Tr = Tr("Nhập bộ chỉ số", "Import the set");
pub const CLASSES: Tr = Tr(
    "Xếp loại (mức: từ % chỉ số):",
    "Classes (name: from index %):",
);
pub const CLASSES_SAVE: Tr = Tr("Lưu xếp loại", "Save the classes");
pub const CLASSES_BAD: Tr = Tr(
    "Xếp loại viết như \"Xuất sắc: 95; Tốt: 90; Khá: 70; Trung bình: 50; Yếu: 0\" (2 đến 6 mức, mức thấp nhất từ 0)",
    "Write the classes as \"Excellent: 95; Good: 90; Fair: 70; Average: 50; Weak: 0\" (2 to 6 classes, the lowest from 0)",
);
pub const ROW: Tr = Tr("Dòng", "Row");
pub const SURVEY_TITLE: Tr = Tr(
    "Nhập điểm điều tra xã hội học (ĐTXHH) năm",
    "Import survey points (ĐTXHH) of",
);
pub const SURVEY_HINT: Tr = Tr(
    "Bảng XLSX hoặc CSV có các cột Mã đơn vị, Mã tiêu chí, Điểm: xem trước từng dòng (điểm đang có → điểm mới), chưa ghi gì cho đến khi bấm Nhập; một dòng sai thì không ghi dòng nào.",
    "An XLSX or CSV table with the columns unit code, criterion code, points: each row previewed (points now → new), nothing stored until you press Import; one wrong row and none is stored.",
);
pub const SURVEY_PATH: Tr = Tr("Đường dẫn tệp điểm ĐTXHH", "Path of the survey points");
pub const SURVEY_ROWS: Tr = Tr("dòng điểm đọc được", "rows of points read");
pub const SURVEY_NO_UNIT: Tr = Tr(
    "(không có đơn vị này trong năm)",
    "(no such unit this year)",
);
pub const SURVEY_ACCEPT: Tr = Tr("Nhập điểm ĐTXHH", "Import the survey points");
pub const SURVEY_STORED: Tr = Tr(
    "Đã nhập điểm ĐTXHH, số dòng:",
    "Survey points stored, rows:",
);
pub const WORKBOOK_TITLE: Tr = Tr(
    "Xuất bảng tính kết quả năm",
    "Export the results workbook of",
);
pub const WORKBOOK_PATH: Tr = Tr("Đường dẫn tệp .xlsx sẽ ghi", "Path of the .xlsx to write");
pub const WORKBOOK_EXPORT: Tr = Tr("Xuất bảng tính", "Export the workbook");
pub const WORKBOOK_NO_PATH: Tr = Tr("Ghi đường dẫn tệp .xlsx trước", "Type the .xlsx path first");
pub const WORKBOOK_WRITTEN: Tr = Tr("Đã ghi bảng tính", "Workbook written to");
pub const SUBMISSIONS_TITLE: Tr = Tr("Tình hình gửi dữ liệu năm", "What the units have sent in");
pub const NOT_SENT: Tr = Tr("chưa gửi", "not sent");
pub const MADE_BY: Tr = Tr("người lập", "made by");
pub const NO_PACKAGE: Tr = Tr(
    "không nhận gói nào (nhập trực tiếp)",
    "no package (entered here)",
);
pub const CHANGES: Tr = Tr("thay đổi", "changes");
pub const PACKAGE: Tr = Tr("gói", "package");
pub const LATE: Tr = Tr(" (nộp muộn)", " (late)");
pub const REMINDER: Tr = Tr(
    "Nhắc các đơn vị chưa gửi (dán vào thư):",
    "Reminder for the units that have not sent (paste into an email):",
);
pub const COPY_REMINDER: Tr = Tr("Sao chép lời nhắc", "Copy the reminder");
pub const ALL_SENT: Tr = Tr("Mọi đơn vị đã gửi.", "Every unit has sent.");
pub const GOTO_LABEL: Tr = Tr("Tìm đơn vị (Ctrl+G):", "Find a unit (Ctrl+G):");
pub const REASON_NEEDED: Tr = Tr(
    "Điểm thẩm định khác điểm tự đánh giá (hoặc điểm vòng 1): ghi lý do thẩm định vào ô Lý do thẩm định bên dưới rồi nhấn Enter",
    "The appraised points differ from the self-assessed (or round-1) points: write the appraisal reason in the field below and press Enter",
);
pub const FIELD_NOTE: Tr = Tr("Ghi chú / thuyết minh của đơn vị", "The unit's note");
pub const FIELD_REASON: Tr = Tr("Lý do thẩm định", "Appraisal reason");
pub const REASON_WITHOUT_POINTS: Tr = Tr(
    "Chưa có điểm thẩm định để ghi lý do: nhập điểm thẩm định trước",
    "No appraised points to give a reason for: enter the appraised points first",
);
pub const NA_REASON_FIRST: Tr = Tr(
    "Ghi lý do không phát sinh vào ô bên dưới trước",
    "Write why it did not arise in the field below first",
);
pub const UNSAVED_CELL: Tr = Tr("Ô đang sửa chưa lưu:", "A cell holds an unsaved edit:");
pub const UNSAVED_HOW: Tr = Tr(
    "nhấn Enter để lưu hoặc Esc để bỏ trước khi đổi trạng thái",
    "press Enter to store it or Esc to abandon it before changing the status",
);
pub const LOCK_CONFIRM: Tr = Tr(
    "Công bố và khóa phiếu của {unit} năm {year}? Sau khi khóa không sửa được điểm, lý do, giải trình và tài liệu của phiếu này; chỉ mở lại được khi ghi lý do mở khóa.",
    "Finalise and lock the sheet of {unit} for {year}? Once locked, its points, reasons, explanations and documents cannot be changed; it can only be reopened with a written reason.",
);
pub const LOCK_YES: Tr = Tr("Đồng ý, công bố và khóa", "Yes, finalise and lock");
pub const SUBMIT_CONFIRM: Tr = Tr(
    "Gửi thẩm định phiếu của {unit} năm {year}? Còn {empty} tiêu chí chưa nhập điểm và {evidence} tiêu chí có điểm nhưng thiếu tài liệu kiểm chứng. Sau khi gửi, điểm tự đánh giá và số liệu không sửa được nữa, trừ khi phiếu được trả lại.",
    "Send the sheet of {unit} for {year} for appraisal? {empty} criteria still have no points and {evidence} scored criteria have no evidence. Once sent, the self points and figures cannot be changed unless the sheet is sent back.",
);
pub const SUBMIT_YES: Tr = Tr("Đồng ý, gửi thẩm định", "Yes, send for appraisal");
pub const APPRAISE_CONFIRM: Tr = Tr(
    "Hoàn thành thẩm định phiếu của {unit} năm {year}? {unappraised} tiêu chí chưa có điểm thẩm định: các tiêu chí này giữ điểm tự đánh giá.",
    "Close the appraisal of {unit} for {year}? {unappraised} criteria have no appraised points: they keep the self-assessed points.",
);
pub const APPRAISE_YES: Tr = Tr("Đồng ý, hoàn thành thẩm định", "Yes, close the appraisal");
pub const KEYS_HINT: Tr = Tr(
    "Gõ: thay giá trị · F2/nhấp đúp: sửa · Enter: lưu · Esc: bỏ · Delete: xóa · Space: Có/Không · Tab/mũi tên/PgUp/PgDn/Home/End: di chuyển · Ctrl+V: dán cột từ Excel (tỷ lệ: tử số, mẫu số) · Ctrl+Z: hoàn tác · Ctrl+PgDn/PgUp: đơn vị sau/trước · Ctrl+G: tìm đơn vị",
    "Type: replace · F2/double click: edit · Enter: store · Esc: abandon · Delete: clear · Space: yes/no · Tab/arrows/PgUp/PgDn/Home/End: move · Ctrl+V: paste a column from Excel (ratios: numerator, denominator) · Ctrl+Z: undo · Ctrl+PgDn/PgUp: next/previous unit · Ctrl+G: find a unit",
);
pub const ACTIVE_CRITERION: Tr = Tr("Tiêu chí đang chọn", "Selected criterion");

/// The button that takes an assessment to `to`.
pub fn status_action(to: crate::domain::Status) -> Tr {
    use crate::domain::Status;
    match to {
        Status::Draft => Tr("Trả lại", "Return"),
        Status::Submitted => SUBMIT,
        Status::Appraised => APPRAISE,
        Status::Final => FINALISE,
    }
}

// Evidence.
pub const DOC_TYPE: Tr = Tr("Loại văn bản", "Document type");
pub const DOC_NUMBER: Tr = Tr("Số, ký hiệu", "Number");
pub const DOC_DATE: Tr = Tr("Ngày ban hành", "Issue date");
pub const DOC_ISSUER: Tr = Tr("Cơ quan ban hành", "Issuer");
pub const DOC_SUMMARY: Tr = Tr("Trích yếu", "Summary");
pub const DOC_PAGE: Tr = Tr("Trang / mục", "Page / section");
pub const DOC_FILE: Tr = Tr("Tệp", "File");
pub const CHOOSE_FILE: Tr = Tr("Chọn tệp…", "Choose file…");
pub const DROP_HINT: Tr = Tr(
    "hoặc kéo thả tệp vào cửa sổ",
    "or drop a file onto the window",
);
pub const ATTACH_NEW: Tr = Tr("Đính kèm văn bản mới", "Attach a new document");
pub const ATTACH: Tr = Tr("Đính kèm", "Attach");
pub const REUSE_DOC: Tr = Tr("Dùng văn bản đã có", "Use an existing document");
pub const LINK: Tr = Tr("Gắn vào tiêu chí", "Link");
pub const OPEN: Tr = Tr("Mở", "Open");
pub const REMOVE_LINK: Tr = Tr("Gỡ", "Remove");
pub const LEAF: Tr = Tr("Tiêu chí", "Criterion");
pub const RESULTS_LEGEND: Tr = Tr(
    "ĐTXHH: điểm điều tra xã hội học. Thẩm định: tổng điểm sau thẩm định (tiêu chí chưa chấm lại giữ điểm tự đánh giá). Bảng xếp hạng in ra: mục Báo cáo.",
    "Survey: survey points. Appraised: the total after appraisal (criteria not re-scored keep the unit's own points). Printable ranking: Reports.",
);
pub const ADD_YEAR_TIP: Tr = Tr(
    "Sang năm tiếp theo: tạo bộ chỉ số của năm đó ở mục Bộ chỉ số",
    "Go to the next year: create its index set under Index sets",
);
pub const ALL_UNITS_COUNT: Tr = Tr("tất cả đơn vị:", "all units:");
pub const MISSING_EVIDENCE: Tr = Tr(
    "Tiêu chí yêu cầu tài liệu nhưng chưa có",
    "Criteria that require evidence and have none",
);
pub const NO_MISSING: Tr = Tr(
    "Không có tiêu chí nào thiếu tài liệu.",
    "No criterion lacks evidence.",
);
pub const LINKED_DOCS: Tr = Tr("Tài liệu đã gắn", "Linked documents");
pub const FILE_NOT_INCLUDED: Tr = Tr("(không kèm tệp)", "(file not included)");

// Reports.
pub const DOCUMENT: Tr = Tr("Văn bản", "Document");
pub const DOC_RANKING: Tr = Tr("Bảng xếp hạng", "Ranking table");
pub const DOC_REPORT: Tr = Tr(
    "Báo cáo kết quả (kèm phụ lục xếp hạng)",
    "Report (with the ranking appendix)",
);
pub const DOC_SCORECARD: Tr = Tr("Phiếu chấm điểm", "Scorecards");
pub const DOC_PERIOD_SUMMARY: Tr = Tr(
    "Báo cáo tổng kết giai đoạn 5 năm (đến năm đang chọn)",
    "Five-year summary report (up to the chosen year)",
);
pub const ALL_UNITS: Tr = Tr("Tất cả đơn vị", "All units");
pub const BACK_TO_ALL_UNITS: Tr = Tr("Chọn lại tất cả đơn vị", "Back to all units");
pub const SAVE_AS: Tr = Tr("Lưu vào", "Save to");
pub const MAKE_PDF: Tr = Tr("Tạo tệp PDF", "Make the PDF");
pub const NOT_FINAL_ASK: Tr = Tr(
    "Kết quả năm này chưa phải là kết quả cuối cùng. Các đơn vị chưa có kết quả cuối cùng:",
    "This year's results are not final. Units not final yet:",
);
pub const MAKE_DRAFT: Tr = Tr(
    "In bản dự thảo (kết quả tạm tính)",
    "Print a draft (provisional results)",
);
pub const RANKING_SIGNED: Tr = Tr(
    "Bảng xếp hạng là văn bản riêng có chữ ký (không in như phụ lục của báo cáo)",
    "The ranking is a signed document of its own (not an appendix of the report)",
);
pub const PDF_WRITTEN: Tr = Tr("Đã ghi:", "Written:");
pub const REPORT_SETTINGS: Tr = Tr("Thông tin văn bản năm", "Document details for");
pub const ISSUER_PARENT: Tr = Tr("Cơ quan chủ quản", "Parent body");
pub const ISSUER: Tr = Tr("Cơ quan ban hành", "Issuing body");
pub const REPORT_NUMBER: Tr = Tr("Số, ký hiệu", "Number");
pub const PLACE: Tr = Tr("Địa danh", "Place");
pub const REPORT_DATE: Tr = Tr("Ngày ban hành (ngày/tháng/năm)", "Date (dd/mm/yyyy)");
pub const REPORT_SUMMARY: Tr = Tr("Trích yếu", "Summary line");
pub const SIGNER_MODE: Tr = Tr("Thẩm quyền ký", "Signing as");
pub const SIGNER_TITLE: Tr = Tr("Chức vụ người ký", "Signer's title");
pub const SIGNER_NAME: Tr = Tr("Họ tên người ký", "Signer's name");
pub const RECIPIENTS: Tr = Tr(
    "Nơi nhận (mỗi nơi một dòng, như in trên văn bản)",
    "Recipients (one per line, as printed)",
);

// Exchange.
pub const SEND_TITLE: Tr = Tr("Gửi tệp (xuất một bản sao)", "Send a copy (export)");
pub const SCOPE_WHOLE: Tr = Tr("Toàn bộ tệp", "The whole file");
pub const SCOPE_YEAR: Tr = Tr("Năm đang làm việc", "The year being worked on");
pub const SCOPE_UNIT: Tr = Tr(
    "Phiếu của một đơn vị (năm đang làm việc)",
    "One unit's assessment (this year)",
);
pub const WITHOUT_EVIDENCE: Tr = Tr(
    "Không kèm tệp tài liệu kiểm chứng",
    "Leave the evidence files out",
);
pub const ESTIMATE: Tr = Tr("Ước tính dung lượng", "Estimate the size");
pub const EXPORT: Tr = Tr("Xuất tệp", "Export");
pub const SIZE_ABOUT: Tr = Tr("Dung lượng khoảng", "About");
pub const OF_WHICH_EVIDENCE: Tr = Tr("trong đó tài liệu", "of which evidence");
pub const LARGE_EXPORT: Tr = Tr(
    "Tệp lớn hơn 20 MB, khó gửi qua thư điện tử. Các tài liệu lớn nhất dưới đây; có thể chọn không kèm tệp tài liệu (vẫn giữ thông tin văn bản).",
    "Over 20 MB, too large for most email. The largest documents are below; you can leave the files out (their references stay).",
);
pub const EXPORTED: Tr = Tr("Đã xuất và kiểm tra:", "Exported and verified:");
pub const RECEIVE_TITLE: Tr = Tr(
    "Nhận tệp (nhập dữ liệu từ đơn vị khác)",
    "Receive a file (import)",
);
pub const READ_FILE: Tr = Tr("Đọc và kiểm tra tệp", "Read and check the file");
pub const ALLOW_LATE: Tr = Tr(
    "Cho phép nhận phiếu nộp muộn (phiếu đã khóa)",
    "Accept a late submission (locked assessment)",
);
pub const PACKAGE_FROM: Tr = Tr("Tệp gửi từ", "Package from");
pub const SENDER_KNOWN: Tr = Tr("Khóa đã đăng ký của người gửi", "Sender's registered key");
pub const SENDER_NEW: Tr = Tr("Lần đầu nhận gói của", "First package from");
pub const KEY_FINGERPRINT: Tr = Tr("Mã khóa:", "Key fingerprint:");
pub const SENDER_NEW_HINT: Tr = Tr(
    "Gọi điện cho người gửi và đối chiếu mã khóa trước khi chấp nhận; các gói sau của đơn vị phải mang đúng khóa này.",
    "Call the sender and compare the fingerprint before accepting; later packages of the unit must carry this key.",
);
pub const TRUST_SENDER: Tr = Tr(
    "Tôi đã đối chiếu mã khóa với người gửi",
    "I have compared the fingerprint with the sender",
);
pub const UNRELATED_FILE: Tr = Tr(
    "Tệp không có lịch sử chung với tệp này (có thể của nơi khác): đơn vị và tài liệu sẽ được thêm bên cạnh dữ liệu hiện có.",
    "The file shares no history with this one (it may come from another office): its units and documents would be added beside the existing ones.",
);
pub const ACCEPT_UNRELATED: Tr = Tr("Vẫn nhập tệp không có lịch sử chung", "Import it even so");
pub const KEYS_TITLE: Tr = Tr("Khóa ký gói dữ liệu", "Package signing keys");
pub const NO_TRUSTED: Tr = Tr(
    "Chưa đăng ký khóa của người gửi nào (khóa được đăng ký khi nhập gói đầu tiên).",
    "No sender's key registered yet (a key is registered with the sender's first package).",
);
pub const FORGET_REASON: Tr = Tr(
    "Lý do bỏ khóa (ví dụ: xã thay máy tính, đã gọi điện đối chiếu)",
    "Why the key is forgotten (e.g. the commune changed computers, checked by phone)",
);
pub const FORGET_KEY: Tr = Tr("Bỏ khóa", "Forget key");
pub const OWN_KEY: Tr = Tr(
    "Mã khóa của tệp này (đọc cho bên nhận khi họ gọi đối chiếu):",
    "This file's key (read it to the receiver when they call to check):",
);
pub const NOTHING_NEW: Tr = Tr(
    "Tệp không có gì mới (đã nhập trước đó).",
    "Nothing new in this file (imported before).",
);
pub const PLAN_CHANGES: Tr = Tr(
    "Điểm và ghi chú sẽ thay đổi",
    "Points and notes that will change",
);
pub const PLAN_NEW: Tr = Tr("Đơn vị, phiếu mới", "New units and assessments");
pub const PLAN_EVIDENCE: Tr = Tr("Tài liệu kiểm chứng mới", "New evidence");
pub const PLAN_CONFLICTS: Tr = Tr(
    "Giá trị bị sửa ở cả hai nơi: chọn giữ bên nào",
    "Changed on both sides: choose",
);
pub const PLAN_REFUSED: Tr = Tr(
    "Không nhận (bỏ qua, kèm lý do)",
    "Refused (left out, with the reason)",
);
pub const KEEP_MINE: Tr = Tr("Giữ của tôi", "Keep mine");
pub const TAKE_THEIRS: Tr = Tr("Lấy bản gửi", "Take theirs");
pub const APPLY_IMPORT: Tr = Tr("Nhập các thay đổi", "Apply the changes");
pub const APPLIED: Tr = Tr(
    "Đã nhập (đã sao lưu trước khi nhập); số thay đổi",
    "Imported (backed up first); changes",
);
pub const LEAVES: Tr = Tr("tiêu chí", "criteria");
pub const BACKUPS_TITLE: Tr = Tr("Bản sao lưu tự động", "Automatic backups");
pub const TAKE_BACKUP: Tr = Tr("Sao lưu ngay", "Back up now");
pub const RESTORE: Tr = Tr("Khôi phục", "Restore");
pub const BACKUP_FAILED: Tr = Tr(
    "Chưa sao lưu được tệp khi mở",
    "The file could not be backed up at open",
);
// Slow work, run in the background with the file lent to it.
pub const EXPORTING: Tr = Tr("Đang xuất tệp…", "Exporting…");
pub const READING: Tr = Tr(
    "Đang đọc và kiểm tra tệp…",
    "Reading and checking the file…",
);
pub const IMPORTING: Tr = Tr("Đang nhập các thay đổi…", "Applying the changes…");
pub const BACKING_UP: Tr = Tr("Đang sao lưu…", "Backing up…");
pub const RESTORING: Tr = Tr("Đang khôi phục…", "Restoring…");
pub const WAIT_FOR_WORK: Tr = Tr(
    "Vui lòng chờ; tệp đang được xử lý.",
    "Please wait; the file is being worked on.",
);
pub const BACKGROUND_FAILED: Tr = Tr(
    "Công việc dừng bất thường; hãy thử lại",
    "The work stopped unexpectedly; try again",
);

// Results, history, settings.
pub const RANK: Tr = Tr("Hạng", "Rank");
pub const UNIT: Tr = Tr("Đơn vị", "Unit");
pub const FINGERPRINT: Tr = Tr("Mã dữ liệu", "Data fingerprint");
pub const WHEN: Tr = Tr("Thời gian", "When");
pub const WHO: Tr = Tr("Người sửa", "Who");
pub const WHAT: Tr = Tr("Nội dung", "What");
pub const LOG_OK: Tr = Tr("Nhật ký toàn vẹn.", "The log is intact.");
pub const LOG_BAD: Tr = Tr(
    "Nhật ký có dấu hiệu bị sửa ngoài chương trình",
    "The log shows changes made outside the program",
);
pub const LANGUAGE: Tr = Tr("Ngôn ngữ", "Language");
pub const THEME: Tr = Tr("Giao diện", "Theme");
pub const THEME_LIGHT: Tr = Tr("Sáng", "Light");
pub const THEME_DARK: Tr = Tr("Tối", "Dark");
pub const ZOOM: Tr = Tr("Cỡ chữ (Ctrl + / Ctrl −)", "Zoom (Ctrl + / Ctrl −)");
pub const YOUR_NAME: Tr = Tr(
    "Tên người sử dụng (ghi vào nhật ký)",
    "Your name (written to the log)",
);
pub const WORKING: Tr = Tr("Đang xử lý…", "Working…");

/// The audit log's field names in words.
pub fn audit_field(field: &str, lang: Lang) -> &str {
    let tr = match field {
        "self" => Tr("điểm tự đánh giá", "self-assessed points"),
        "round1" => Tr("điểm thẩm định vòng 1", "round 1 appraisal"),
        "final" => Tr("điểm thẩm định cuối", "final appraisal"),
        "na" => Tr("không phát sinh", "did not arise"),
        "raw" => Tr("số liệu", "raw figures"),
        "self_note" => Tr("ghi chú", "note"),
        "explanation" => Tr("giải trình", "explanation"),
        "status" => Tr("trạng thái", "status"),
        "link" => Tr("tài liệu kiểm chứng", "evidence link"),
        "file" => Tr("tệp tài liệu", "evidence file"),
        "survey" => Tr("điểm điều tra XHH", "survey points"),
        other => return other,
    };
    tr.get(lang)
}

/// A logged value in words (statuses are stored as codes).
pub fn audit_value(field: &str, value: Option<&str>, lang: Lang) -> String {
    match (field, value) {
        (_, None) => "∅".to_owned(),
        ("status", Some(code)) => crate::domain::Status::parse(code)
            .map(|s| s.label(lang).to_owned())
            .unwrap_or_else(|| code.to_owned()),
        ("self" | "round1" | "final" | "survey", Some(v)) if lang == Lang::Vi => {
            v.replace('.', ",")
        }
        (_, Some(v)) => v.to_owned(),
    }
}

// Backups, the year's scope, the check panel and the first run: in their own files.
mod backups;
mod check_panel;
mod first_run;
mod scoring_form;
mod set_versions;
mod work;
mod year_scope;
pub use backups::*;
pub use check_panel::*;
pub use first_run::*;
pub use scoring_form::*;
pub use set_versions::*;
pub use work::*;
pub use year_scope::*;
// Results screen (issue 13): sorting, filters, explanation, charts.
pub const RES_APPRAISED: Tr = Tr("Thẩm định", "Appraised");
pub const RES_SURVEY: Tr = Tr("ĐTXHH", "Survey");
pub const RES_ADJUST: Tr = Tr("Thưởng/Trừ", "Bonus/Penalty");
pub const RES_TAB_TABLE: Tr = Tr("Bảng xếp hạng", "Ranking");
pub const RES_TAB_CHARTS: Tr = Tr("Biểu đồ", "Charts");
pub const RES_SHOW: Tr = Tr("Hiển thị:", "Show:");
pub const RES_SHOWN: Tr = Tr("Đang hiển thị", "Showing");
pub const RES_ALL_CLASSES: Tr = Tr("Mọi xếp loại", "Every class");
pub const RES_NO_CLASS: Tr = Tr("Chưa xếp loại", "Not classified");
pub const RES_ALL_STATUSES: Tr = Tr("Mọi trạng thái", "Every status");
pub const RES_BACK: Tr = Tr("← Bảng xếp hạng", "← Ranking");
pub const RES_NO_UNIT: Tr = Tr(
    "Không có đơn vị này trong kết quả năm",
    "No such unit in the year's results",
);
pub const RES_MAX: Tr = Tr("tối đa", "max");
pub const RES_ROUND1: Tr = Tr("vòng 1", "round 1");
pub const RES_FINAL: Tr = Tr("cuối", "final");
pub const RES_NA: Tr = Tr("không phát sinh", "did not arise");
pub const RES_CHART_RANKING: Tr = Tr("Chỉ số từng đơn vị", "Index by unit");
pub const RES_CHART_CLASSES: Tr = Tr("Xếp loại qua các năm", "Classes by year");
pub const RES_CHART_TREND: Tr = Tr("Một đơn vị qua các năm", "One unit over the years");
pub const RES_CHART_LOST: Tr = Tr("Điểm bị trừ theo lĩnh vực", "Points lost by area");
pub const RES_CHART_NONE: Tr = Tr("Chưa có số liệu để vẽ.", "Nothing to draw yet.");
pub const RES_CHART_PATH: Tr = Tr("Lưu biểu đồ vào tệp…", "Save the chart to…");
pub const RES_CHART_CHOOSE: Tr = Tr("Chọn nơi lưu…", "Choose…");
pub const RES_CHART_SAVE_PNG: Tr = Tr("Lưu PNG", "Save PNG");
pub const RES_CHART_SAVE_SVG: Tr = Tr("Lưu SVG", "Save SVG");
pub const RES_CHART_SAVED: Tr = Tr("Đã lưu biểu đồ", "Chart saved");
pub const RES_CHART_NOT_SAVED: Tr = Tr("Không lưu được biểu đồ", "The chart was not saved");
pub const RES_CHART_NO_PATH: Tr = Tr(
    "Chưa có đường dẫn tệp để lưu biểu đồ",
    "No file path to save the chart to",
);
pub const RES_HINT: Tr = Tr(
    "Bấm tên cột để sắp xếp (bấm lần nữa để đảo chiều); bấm tên đơn vị để xem cách tính điểm.",
    "Click a column's name to sort (again to reverse); click a unit to see how its points were reached.",
);
