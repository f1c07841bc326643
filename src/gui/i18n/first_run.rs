//! Strings of the first run: the demo's banner.

use super::Tr;

pub const DEMO_BANNER: Tr = Tr(
    "Dữ liệu mẫu (minh họa): điểm số là giả định, chỉ để làm quen với chương trình.",
    "Demo data (illustrative): the scores are synthetic, for trying the program only.",
);
pub const DEMO_START_REAL: Tr = Tr("Bắt đầu tệp thật", "Start a real file");
