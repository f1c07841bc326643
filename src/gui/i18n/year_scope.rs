//! Strings of the year's scope: the units of the year and the log's filters.

use super::Tr;

pub const UNITS_OF_YEAR: Tr = Tr(
    "Đơn vị đang hoạt động vào cuối năm",
    "Units in operation at the end of",
);
pub const SHOW_RETIRED: Tr = Tr(
    "Hiện cả đơn vị đã thôi hoạt động hoặc chưa thành lập",
    "Also show units retired or not yet formed",
);
pub const LOG_VERIFIED: Tr = Tr(
    "Chuỗi mã băm liền mạch và mọi giá trị hiện tại khớp nhật ký (như parindex log --verify).",
    "The hash chain is unbroken and every current value matches the log (as parindex log --verify).",
);
pub const LOG_ALL_YEARS: Tr = Tr("Mọi năm", "Every year");
pub const LOG_CLEAR_FILTERS: Tr = Tr("Bỏ lọc", "Clear filters");
pub const LOG_CRITERION: Tr = Tr("Tiêu chí", "Criterion");
pub const LOG_EVERYONE: Tr = Tr("Mọi người sửa", "Everyone");
pub const LOG_FROM: Tr = Tr("Từ ngày", "From");
pub const LOG_TO: Tr = Tr("đến ngày", "to");
pub const LOG_ENTRIES_OF: Tr = Tr("mục hiển thị trong", "entries shown of");
pub const LOG_UNIT: Tr = Tr("Đơn vị (bấm để lọc)", "Unit (click to filter)");
pub const NO_ASSESSMENTS: Tr = Tr(
    "Chưa có phiếu chấm điểm của năm này: cần có bộ chỉ số của năm (mục Bộ chỉ số), rồi bấm “Lập phiếu chấm điểm cho các đơn vị của năm” ở mục Đơn vị.",
    "No assessments yet this year: the year needs its index set (Index sets), then click “Start this year's assessments” in Units.",
);
pub const RES_NONE_SHOWN: Tr = Tr(
    "Không có đơn vị nào khớp bộ lọc đã chọn.",
    "No unit matches the chosen filters.",
);
