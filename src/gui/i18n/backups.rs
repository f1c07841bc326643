//! Strings of the backups part of the settings screen.

use super::Tr;

pub const BACKUP_FOLDER: Tr = Tr("Thư mục sao lưu của tệp này", "This file's backup folder");
pub const BACKUP_POLICY_TITLE: Tr = Tr("Khi nào sao lưu, giữ bao lâu", "When, and for how long");
pub const BACKUP_POLICY: Tr = Tr(
    "Sao lưu khi mở tệp (nếu tệp đã thay đổi từ lần sao lưu trước), trước khi nhập, khôi phục hoặc nâng cấp, và sau mỗi 30 phút chỉnh sửa. Giữ 10 bản mới nhất, rồi mỗi ngày một bản trong một tháng, mỗi tháng một bản trong một năm; bản cũ hơn được xóa.",
    "A backup at open (when the file changed since the last one), before an import, a restore or an upgrade, and after every 30 minutes of editing. The newest 10 are kept, then one a day for a month, one a month for a year; older ones are deleted.",
);
pub const BACKUP_SPACE: Tr = Tr("Dung lượng đã dùng", "Space used");
pub const BACKUP_COUNT_OF_FILE: Tr = Tr("bản của tệp này", "backups of this file");
pub const BACKUP_ALL_FILES: Tr = Tr("mọi tệp", "all files");
pub const BACKUP_NONE_YET: Tr = Tr("Chưa có bản sao lưu nào.", "No backups yet.");
