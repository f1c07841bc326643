//! Strings of the scoring-form card (Trao đổi dữ liệu).

use super::Tr;

pub const FORM_TITLE: Tr = Tr("Biểu mẫu chấm điểm (Excel) năm", "Scoring forms (Excel) of");
pub const FORM_HINT: Tr = Tr(
    "Cho đơn vị còn làm trên Excel: đơn vị điền vào các ô nền vàng rồi gửi lại; khi đọc, phần mềm kiểm tra biểu mẫu và cho xem trước các thay đổi rồi mới lưu vào điểm tự đánh giá.",
    "For units that still work in Excel: the unit fills the yellow cells and sends the form back; reading it checks the form and shows the changes before they are stored as the self-assessment.",
);
pub const FORM_ALL_UNITS: Tr = Tr(
    "Tất cả đơn vị (vào một thư mục)",
    "Every unit (into a folder)",
);
pub const FORM_EXPORT_PATH: Tr = Tr(
    "Đường dẫn tệp .xlsx hoặc thư mục sẽ ghi",
    "Path of the .xlsx or folder to write",
);
pub const FORM_EXPORT_FOLDER: Tr = Tr("Đường dẫn thư mục sẽ ghi", "Path of the folder to write");
pub const FORM_EXPORT: Tr = Tr("Xuất biểu mẫu chấm điểm", "Export the scoring form");
pub const FORM_NO_PATH: Tr = Tr(
    "Ghi đường dẫn tệp hoặc thư mục trước",
    "Type the file or folder path first",
);
pub const FORM_WRITTEN: Tr = Tr("Đã ghi biểu mẫu", "Form written to");
pub const FORM_WRITTEN_MANY: Tr = Tr("biểu mẫu đã ghi vào", "forms written to");
pub const FORM_READ_PATH: Tr = Tr(
    "Đường dẫn biểu mẫu đã điền (.xlsx)",
    "Path of the filled form (.xlsx)",
);
pub const FORM_READ: Tr = Tr("Đọc biểu mẫu đã điền", "Read a filled form");
pub const FORM_OF: Tr = Tr("Biểu mẫu của", "Form of");
pub const FORM_CHANGES: Tr = Tr("giá trị thay đổi", "values change");
pub const FORM_UNCHANGED: Tr = Tr("tiêu chí giữ nguyên", "criteria stay as they are");
pub const FORM_NOTHING: Tr = Tr(
    "Biểu mẫu không thay đổi gì so với dữ liệu đã có.",
    "The form changes nothing in the stored values.",
);
pub const FORM_STORED: Tr = Tr("Đã lưu từ biểu mẫu:", "Stored from the form:");
pub const FORM_VALUES: Tr = Tr("giá trị", "values");
