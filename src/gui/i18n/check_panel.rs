//! Strings of the check panel.

use super::Tr;

pub const CHECK_BUTTON: Tr = Tr("Kiểm tra tệp", "Check the file");
pub const CHECK_TITLE: Tr = Tr("Kiểm tra tệp", "Check of the file");
pub const CHECK_NONE: Tr = Tr("Không phát hiện vấn đề.", "No problems found.");
pub const CHECK_FOUND: Tr = Tr("Vấn đề được phát hiện", "Problems found");
pub const CHECK_HINT: Tr = Tr(
    "Cùng kết quả với lệnh parindex check. Bấm vào một vấn đề để mở nơi sửa.",
    "The same findings as parindex check. Click one to open the place to fix it.",
);
pub const CHECK_MORE_IN_CLI: Tr = Tr(
    "Chỉ hiện 300 vấn đề đầu; lệnh parindex check in đủ.",
    "Only the first 300 are listed; parindex check prints them all.",
);
pub const CHECK_RUNNING: Tr = Tr("Đang kiểm tra tệp…", "Checking the file…");
