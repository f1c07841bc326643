//! Strings of a set re-issued within its year: the import's re-issue choice and the earlier
//! versions on the set screen.

use super::Tr;

pub const SET_REISSUE: Tr = Tr(
    "Ban hành lại bộ chỉ số của năm (quyết định sửa đổi, thay thế): phiên bản mới, giữ điểm các tiêu chí không đổi",
    "Re-issue this year's set (a corrected decision): a new version, keeping the points of unchanged criteria",
);
pub const SET_REISSUE_DECISION: Tr = Tr("Số quyết định ban hành lại", "Number of the new decision");
pub const SET_REISSUE_DATE: Tr = Tr("Ngày (ngày/tháng/năm)", "Date (dd/mm/yyyy)");
pub const SET_REISSUE_BAD_DATE: Tr = Tr(
    "Ngày quyết định không đọc được; ghi ngày/tháng/năm, ví dụ 10/05/2026",
    "The decision date cannot be read; write dd/mm/yyyy, e.g. 10/05/2026",
);
pub const SET_REISSUE_NEED_DECISION: Tr = Tr(
    "Ghi số quyết định ban hành lại (và ngày) để ban hành lại.",
    "Type the new decision's number (and date) to re-issue.",
);
pub const SET_REISSUE_ACCEPT: Tr = Tr("Ban hành lại", "Re-issue");
pub const SET_REISSUE_KEPT: Tr = Tr("tiêu chí giữ điểm", "criteria keep their points");
pub const SET_REISSUE_CLEARED: Tr = Tr(
    "giá trị đã nhập (điểm, số liệu của từng đơn vị) sẽ xóa để chấm lại; vẫn xem được trong phiên bản trước",
    "entered values (each unit's points and figures) will be cleared to score again; still readable in the earlier version",
);
pub const SET_REISSUE_CONFIRM: Tr = Tr("Bấm lần nữa để ban hành lại:", "Press again to re-issue:");
pub const SET_REISSUE_CONFIRM_BUTTON: Tr = Tr("Xác nhận ban hành lại", "Confirm the re-issue");
pub const SET_IMPORT_CHOOSE_EXISTING: Tr = Tr(
    "Năm này đã có bộ chỉ số: chọn thay thế hoặc ban hành lại ở trên để nhập.",
    "This year already has a set: choose replace or re-issue above to import.",
);
pub const SET_VERSION: Tr = Tr("Phiên bản", "Version");
pub const SET_VERSION_REPLACES: Tr = Tr("thay thế", "replaces");
pub const SET_VERSION_SHOW: Tr = Tr("Xem phiên bản", "Show version");
pub const SET_VERSION_CLOSE: Tr = Tr("Đóng", "Close");
pub const SET_VERSION_TITLE: Tr = Tr(
    "Phiên bản trước (chỉ xem): cây tiêu chí và điểm đã chấm theo phiên bản này",
    "Earlier version (read only): its criteria and the points entered against it",
);
pub const SET_VERSION_REPLACED: Tr = Tr("Được thay lúc", "Replaced at");
pub const SET_VERSION_SCORES: Tr = Tr(
    "Điểm đã chấm theo phiên bản này",
    "Points entered against this version",
);
pub const DECISION_NONE: Tr = Tr("(chưa ghi)", "(none recorded)");
