"""Evidence PDFs for the parindex demo data (called by generate.py).

Needs the PyPI package fpdf2 and the Liberation Serif fonts (Debian: fonts-liberation2).
Each PDF is a short illustrative copy (1-2 A4 pages) of a document cited in report
270/BC-UBND: header after Decree 30/2020/NĐ-CP, title, summary and the line
"Bản sao minh họa cho dữ liệu mẫu parindex". Creation date is fixed to the issue date so that
regeneration is byte-stable.
"""

import os
from datetime import datetime, timezone, date

from fpdf import FPDF

FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]


VI_CHARS = ("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏ"
            "ỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ–—“”‘’…")
_FONT_CACHE = {}


def _font(style):
    """Path of an unhinted Vietnamese subset of Liberation Serif (keeps each PDF small)."""
    if style in _FONT_CACHE:
        return _FONT_CACHE[style]
    name = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf",
            "I": "LiberationSerif-Italic.ttf", "BI": "LiberationSerif-BoldItalic.ttf"}[style]
    src = None
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            src = p
            break
    if src is None:
        raise ImportError(f"font {name} not found (apt-get install fonts-liberation2)")
    from fontTools import subset  # installed with fpdf2
    import logging
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from fontTools.ttLib import TTFont
    import tempfile
    opts = subset.Options()
    opts.hinting = False
    opts.name_IDs = ["*"]
    f = TTFont(src, recalcTimestamp=False)
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(chr(c) for c in range(32, 127)) + VI_CHARS)
    sub.subset(f)
    out = os.path.join(tempfile.mkdtemp(prefix="parindex-font-"), name)
    f.save(out)
    _FONT_CACHE[style] = out
    return out


ISSUERS = {
    "UBND huyện Thạch An": ("ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Thạch An",
                            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "UBND"),
    "UBND tỉnh Cao Bằng": ("ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG", "Cao Bằng",
                           ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "UBND"),
    "Phòng Văn hóa, Khoa học và Thông tin huyện Thạch An": (
        "UBND HUYỆN THẠCH AN", "PHÒNG VĂN HÓA, KHOA HỌC VÀ THÔNG TIN", "Thạch An", ("TRƯỞNG PHÒNG",), "VHTT"),
    "Văn phòng HĐND và UBND huyện Thạch An": ("UBND HUYỆN THẠCH AN", "VĂN PHÒNG HĐND VÀ UBND", "Thạch An",
                                              ("CHÁNH VĂN PHÒNG",), "VP"),
}
SIGNERS = ["Hoàng Văn Thành", "Lương Văn Quý", "Nông Thị Hạnh", "Nguyễn Minh Tuấn"]

TITLES = {"Kế hoạch": "KẾ HOẠCH", "Báo cáo": "BÁO CÁO", "Quyết định": "QUYẾT ĐỊNH",
          "Hướng dẫn": "HƯỚNG DẪN", "Đề án": "ĐỀ ÁN", "Công văn": None}

BODY = {
    "Kế hoạch": [
        ("I. MỤC ĐÍCH, YÊU CẦU", [
            "Triển khai đồng bộ, có hiệu quả các nhiệm vụ theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của "
            "Chính phủ và chỉ đạo của cấp trên; xác định rõ nhiệm vụ, thời hạn hoàn thành và trách nhiệm của "
            "từng cơ quan, đơn vị, UBND các xã, thị trấn.",
            "Gắn kết quả thực hiện với đánh giá, xếp loại thi đua, khen thưởng và với việc xác định Chỉ số "
            "cải cách hành chính hằng năm."]),
        ("II. NỘI DUNG, NHIỆM VỤ", [
            "1. Công tác chỉ đạo, điều hành, kiểm tra, tuyên truyền.",
            "2. Cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy.",
            "3. Cải cách chế độ công vụ; cải cách tài chính công.",
            "4. Xây dựng và phát triển chính quyền điện tử, chính quyền số."]),
        ("III. TỔ CHỨC THỰC HIỆN", [
            "Các cơ quan chuyên môn thuộc UBND huyện, UBND các xã, thị trấn căn cứ Kế hoạch này xây dựng kế "
            "hoạch của đơn vị, tổ chức triển khai thực hiện và báo cáo kết quả theo quy định."]),
    ],
    "Báo cáo": [
        ("I. KẾT QUẢ ĐẠT ĐƯỢC", [
            "Các cơ quan, đơn vị, UBND các xã, thị trấn đã triển khai thực hiện các nhiệm vụ theo kế hoạch; "
            "số liệu chi tiết được tổng hợp tại biểu kèm theo báo cáo."]),
        ("II. TỒN TẠI, HẠN CHẾ", [
            "Một số nhiệm vụ còn chậm tiến độ; hạ tầng công nghệ thông tin ở cấp xã còn hạn chế."]),
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ", [
            "Tiếp tục chỉ đạo khắc phục tồn tại, hạn chế; nâng cao chất lượng giải quyết thủ tục hành chính."]),
    ],
    "Quyết định": [
        ("", [
            "Điều 1. Ban hành kèm theo Quyết định này nội dung nêu tại trích yếu.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các "
            "xã, thị trấn chịu trách nhiệm thi hành Quyết định này."]),
    ],
    "Hướng dẫn": [
        ("I. ĐỐI TƯỢNG, TIÊU CHUẨN", [
            "Tập thể, cá nhân có thành tích tiêu biểu trong phong trào thi đua trên địa bàn huyện."]),
        ("II. HỒ SƠ, THỦ TỤC", ["Hồ sơ đề nghị khen thưởng thực hiện theo quy định hiện hành."]),
    ],
    "Đề án": [
        ("I. SỰ CẦN THIẾT", ["Thực hiện chủ trương sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, "
                             "hiệu quả."]),
        ("II. PHƯƠNG ÁN", ["Nội dung phương án sắp xếp, tổ chức lại theo trích yếu của Đề án."]),
    ],
    "Công văn": [
        ("", ["Thực hiện chỉ đạo của cấp trên, UBND huyện đề nghị các cơ quan, đơn vị, UBND các xã, thị trấn "
              "triển khai thực hiện nội dung nêu tại trích yếu và báo cáo kết quả đúng thời hạn."]),
    ],
}


def vn_date_line(place, d):
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


class Doc(FPDF):
    def header(self):
        if self.page_no() > 1:
            self.set_font("S", "", 12)
            self.set_y(10)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def build_one(d, path, signer):
    issuer_parent, issuer, place, sign_lines, _ = ISSUERS[d["issuer"]]
    idate = date.fromisoformat(d["issue_date"])
    pdf = Doc(format="A4", unit="mm")
    pdf.set_creation_date(datetime(idate.year, idate.month, idate.day, 8, 0, 0, tzinfo=timezone.utc))
    pdf.set_title(f"{d['doc_type']} {d['number']}")
    pdf.set_author(d["issuer"])
    pdf.set_subject(d["summary"])
    pdf.set_creator("parindex demo data (generate.py)")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, 20)
    for st in ("", "B", "I", "BI"):
        pdf.add_font("S", st, _font(st))
    pdf.add_page()
    lw, rx, rw = 68, 30 + 68, 210 - 15 - 98
    y0 = 20
    # left column
    pdf.set_xy(30, y0)
    pdf.set_font("S", "", 12.5)
    pdf.cell(lw, 5.5, issuer_parent, align="C")
    pdf.set_xy(30, y0 + 5.5)
    size = 12.5
    pdf.set_font("S", "B", size)
    while pdf.get_string_width(issuer) > lw - 1 and size > 8:
        size -= 0.5
        pdf.set_font("S", "B", size)
    pdf.cell(lw, 5.5, issuer, align="C")
    pdf.line(30 + lw / 2 - 12, y0 + 12, 30 + lw / 2 + 12, y0 + 12)
    pdf.set_xy(30, y0 + 14)
    pdf.set_font("S", "", 13)
    pdf.cell(lw, 6, f"Số: {d['number']}", align="C")
    y_left = y0 + 20
    if d["doc_type"] == "Công văn":
        pdf.set_xy(30, y0 + 20.5)
        pdf.set_font("S", "", 11)
        pdf.multi_cell(lw, 4.8, f"V/v {d['summary'][0].lower()}{d['summary'][1:]}", align="C",
                       new_x="LMARGIN", new_y="NEXT")
    y_left = pdf.get_y()
    # right column
    pdf.set_xy(rx, y0)
    pdf.set_font("S", "B", 12)
    pdf.cell(rw, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_xy(rx, y0 + 5.5)
    pdf.set_font("S", "B", 13)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.cell(rw, 5.5, motto, align="C")
    mw = pdf.get_string_width(motto)
    pdf.line(rx + (rw - mw) / 2, y0 + 12, rx + (rw + mw) / 2, y0 + 12)
    pdf.set_xy(rx, y0 + 14)
    pdf.set_font("S", "I", 13)
    pdf.cell(rw, 6, vn_date_line(place, idate), align="C")
    y = max(pdf.get_y() + 14, y0 + 34, (y_left + 8) if d["doc_type"] == "Công văn" else 0)
    pdf.set_y(y)
    title = TITLES[d["doc_type"]]
    if title:
        pdf.set_font("S", "B", 14)
        pdf.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("S", "B", 13.5)
        pdf.multi_cell(0, 6.5, d["summary"], align="C", new_x="LMARGIN", new_y="NEXT")
        yy = pdf.get_y() + 1
        pdf.line(105 + 7.5 - 20, yy, 105 + 7.5 + 20, yy)
        pdf.ln(5)
    else:
        pdf.ln(2)
    # illustrative notice
    pdf.set_font("S", "BI", 12)
    pdf.set_draw_color(120, 120, 120)
    pdf.multi_cell(0, 6, "Bản sao minh họa cho dữ liệu mẫu parindex", border=1, align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_font("S", "I", 11)
    pdf.multi_cell(0, 5, "Nội dung dưới đây chỉ là phần tóm lược minh họa; văn bản gốc lưu tại cơ quan ban "
                   f"hành. Nguồn trích dẫn: {d['source']}.", align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    sections = BODY[d["doc_type"]]
    two = d.get("_pages", 1) == 2
    for i, (head, paras) in enumerate(sections):
        if two and i == len(sections) - 1:
            pdf.add_page()
        if head:
            pdf.set_font("S", "B", 13)
            pdf.cell(0, 7, head, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("S", "", 13)
        for p in paras:
            pdf.set_x(30)
            pdf.multi_cell(0, 6.2, "      " + p, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
    if two and len(sections) == 1:
        pdf.add_page()
    # end block
    pdf.ln(6)
    yb = pdf.get_y()
    if yb > 230:
        pdf.add_page()
        yb = pdf.get_y()
    pdf.set_xy(30, yb)
    pdf.set_font("S", "BI", 12)
    pdf.cell(80, 5.5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("S", "", 11)
    for r in ("Như trên;", "Lưu: VT."):
        pdf.set_x(30)
        pdf.cell(80, 5, "- " + r, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("S", "B", 13)
    yy = yb
    for line in sign_lines:
        pdf.set_xy(rx, yy)
        pdf.cell(rw, 6, line, align="C")
        yy += 6
    pdf.set_xy(rx, yy + 4)
    pdf.set_font("S", "I", 12)
    pdf.cell(rw, 6, "(Đã ký)", align="C")
    pdf.set_xy(rx, yy + 18)
    pdf.set_font("S", "B", 13)
    pdf.cell(rw, 6, signer, align="C")
    pdf.output(path)


def build_all(docs, outdir):
    os.makedirs(outdir, exist_ok=True)
    wanted = set()
    for i, d in enumerate(docs):
        p = os.path.join(outdir, d["file"])
        wanted.add(d["file"])
        build_one(d, p, SIGNERS[i % len(SIGNERS)])
    for f in os.listdir(outdir):
        if f.endswith(".pdf") and f not in wanted:
            os.remove(os.path.join(outdir, f))
    return len(docs)
