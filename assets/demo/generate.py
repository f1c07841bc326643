#!/usr/bin/env python3
"""Generate the built-in demo data of parindex (assets/demo/).

All index sets here are ILLUSTRATIVE ("minh họa") and all scores are SYNTHETIC.
Only the yearly classification of Thạch An's communes and Thạch An's district rank come
from the real report 270/BC-UBND of 23/5/2025; the per-criterion figures are invented so
that they reproduce those published results.

Usage:  python3 assets/demo/generate.py
The JSON files need only the Python 3 standard library and are deterministic (fixed seeds;
re-running reproduces them byte for byte).  The evidence PDFs additionally need the PyPI
package fpdf2 and the font LiberationSerif (Debian package fonts-liberation2); when either is
missing the PDFs are left as they are and a notice is printed.
"""

import json
import os
import random
import sys
import unicodedata
from fractions import Fraction
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------
# numbers
# ----------------------------------------------------------------------------------------
# Points are kept as integer thousandths of a point ("milli"), as the program does.


def M(x):
    """Decimal string / int / float literal -> milli-points (exact for ≤3 decimals)."""
    s = str(x)
    if "." in s:
        a, b = s.split(".")
        b = (b + "000")[:3]
        assert len(s.split(".")[1]) <= 3, s
        sign = -1 if a.startswith("-") else 1
        return int(a) * 1000 + sign * int(b)
    return int(s) * 1000


def P(m):
    """milli-points -> JSON point string: '1', '0.5', '1.25'."""
    assert isinstance(m, int)
    sign = "-" if m < 0 else ""
    m = abs(m)
    i, f = divmod(m, 1000)
    if f == 0:
        return f"{sign}{i}"
    return f"{sign}{i}.{f:03d}".rstrip("0")


def vn_num(x, decimals=None):
    """Vietnamese number format: thousands '.', decimal ','. x: int, or Fraction with decimals."""
    if decimals is None:
        s = str(int(x))
        fp = ""
    else:
        s, _, fp = round_half_up_str(Fraction(x), decimals).partition(".")
    g = f"{int(s):,}".replace(",", ".")
    return g + ("," + fp if fp else "")


def vn_pts(m):
    return P(m).replace(".", ",")


def round_half_up_str(fr, decimals=2):
    scale = 10 ** decimals
    v = Fraction(fr) * scale
    n = (v.numerator * 2 + v.denominator) // (2 * v.denominator)
    i, f = divmod(n, scale)
    return f"{i}.{f:0{decimals}d}"


def iso(d):
    return d.isoformat()


def vn_date_line(place, d):
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


def ddmmyyyy(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# ----------------------------------------------------------------------------------------
# units
# ----------------------------------------------------------------------------------------
OLD_TO = "2025-06-30"
NEW_FROM = "2025-07-01"

DISTRICTS = [
    ("040", "Thành phố Cao Bằng", "thanh_pho"),
    ("042", "Huyện Bảo Lâm", "huyen"),
    ("043", "Huyện Bảo Lạc", "huyen"),
    ("045", "Huyện Hà Quảng", "huyen"),
    ("047", "Huyện Trùng Khánh", "huyen"),
    ("048", "Huyện Hạ Lang", "huyen"),
    ("049", "Huyện Quảng Hòa", "huyen"),
    ("051", "Huyện Hòa An", "huyen"),
    ("052", "Huyện Nguyên Bình", "huyen"),
    ("053", "Huyện Thạch An", "huyen"),
]
DISTRICT_CODES = [c for c, _, _ in DISTRICTS]

COMMUNES = [
    ("01786", "Thị trấn Đông Khê", "thi_tran"),
    ("01789", "Xã Canh Tân", "xa"),
    ("01792", "Xã Kim Đồng", "xa"),
    ("01795", "Xã Minh Khai", "xa"),
    ("01801", "Xã Đức Thông", "xa"),
    ("01804", "Xã Thái Cường", "xa"),
    ("01807", "Xã Vân Trình", "xa"),
    ("01810", "Xã Thụy Hùng", "xa"),
    ("01813", "Xã Quang Trọng", "xa"),
    ("01816", "Xã Trọng Con", "xa"),
    ("01819", "Xã Lê Lai", "xa"),
    ("01822", "Xã Đức Long", "xa"),
    ("01828", "Xã Lê Lợi", "xa"),
    ("01831", "Xã Đức Xuân", "xa"),
]
COMMUNE_CODES = [c for c, _, _ in COMMUNES]
NEIGHBOURS = [("01768", "Xã Hồng Nam", "xa", "051"), ("01720", "Xã Tiên Thành", "xa", "049")]

NEW_COMMUNES = [
    ("01786", "Xã Đông Khê", ["01786", "01831", "01816"]),
    ("01822", "Xã Đức Long", ["01822", "01810", "01828"]),
    ("01789", "Xã Canh Tân", ["01801", "01789"]),
    ("01795", "Xã Minh Khai", ["01813", "01795"]),
    ("01792", "Xã Kim Đồng", ["01768", "01804", "01792"]),
    ("01807", "Xã Thạch An", ["01720", "01807", "01819"]),
]
NEW_CODES = [c for c, _, _ in NEW_COMMUNES]


def build_units():
    units = [dict(code="04", name="Tỉnh Cao Bằng", kind="tinh", level="province",
                  valid_from="2020-01-01", valid_to=None, parent=None)]
    for code, name, kind in DISTRICTS:
        units.append(dict(code=code, name=name, kind=kind, level="district",
                          valid_from="2020-01-01", valid_to=OLD_TO, parent="04"))
    for code, name, kind in COMMUNES:
        units.append(dict(code=code, name=name, kind=kind, level="commune",
                          valid_from="2020-01-01", valid_to=OLD_TO, parent="053"))
    for code, name, kind, parent in NEIGHBOURS:
        units.append(dict(code=code, name=name, kind=kind, level="commune",
                          valid_from="2020-01-01", valid_to=OLD_TO, parent=parent))
    for code, name, _ in NEW_COMMUNES:
        units.append(dict(code=code, name=name, kind="xa", level="commune",
                          valid_from=NEW_FROM, valid_to=None, parent="04"))
    lineage = []
    for new_code, _, olds in NEW_COMMUNES:
        for old in olds:
            lineage.append({"from": [old, OLD_TO], "to": [new_code, NEW_FROM],
                            "kind": "merged_into", "resolution": "1657/NQ-UBTVQH15",
                            "resolution_date": "2025-06-16", "effective": NEW_FROM})
    return {"units": units, "lineage": lineage}


def unit_name(code, year):
    if year >= 2025:
        return {c: n for c, n, _ in NEW_COMMUNES}[code]
    return {c: n for c, n, _ in DISTRICTS + COMMUNES}[code]


# ----------------------------------------------------------------------------------------
# index sets
# ----------------------------------------------------------------------------------------
def band_guidance(bands, unit="%", top_is_exact_100=False, noun=""):
    """bands: list of (min, points_milli) high->low; returns officer-style Vietnamese text."""
    parts = []
    for i, (mn, pts) in enumerate(bands):
        mns = str(mn).replace(".", ",")
        u = unit
        sep = "" if unit == "%" else " "
        if i == 0:
            if top_is_exact_100 and unit == "%" and str(mn) == "100":
                txt = f"{noun}đạt 100%"
            else:
                txt = f"{noun}từ {mns}{sep}{u} trở lên"
        elif i == len(bands) - 1:
            prev = bands[i - 1][0]
            ps = str(prev).replace(".", ",")
            txt = f"dưới {ps}{sep}{u}"
        else:
            prev = bands[i - 1][0]
            ps = str(prev).replace(".", ",")
            txt = f"từ {mns}{sep}{u} đến dưới {ps}{sep}{u}"
        parts.append(f"{txt}: {vn_pts(pts)} điểm")
    s = "; ".join(parts) + "."
    return s[0].upper() + s[1:]


def leaf(code, title, kind, mx, guidance=None, na="not_allowed", evidence=None, bands=None,
         raw_labels=None, per_unit=None, sim=None, unit="%", top100=True, noun="Tỷ lệ "):
    d = {"code": code, "title": title, "kind": kind, "max": P(M(mx))}
    if bands is not None:
        b = [(str(mn), M(pt)) for mn, pt in bands]
        if guidance is None:
            if kind == "ratio_bands":
                guidance = band_guidance(b, "%", top100, noun)
            else:
                guidance = band_guidance(b, unit, False, "")
    d["guidance"] = guidance
    d["na"] = na
    d["evidence"] = evidence
    if bands is not None:
        d["bands"] = [{"min": str(mn), "points": P(M(pt))} for mn, pt in bands]
        assert d["bands"][-1]["min"] == "0"
        assert M(d["bands"][0]["points"]) == M(mx), code
    if raw_labels is not None:
        d["raw_labels"] = raw_labels
    if per_unit is not None:
        d["per_unit"] = P(M(per_unit))
    if kind == "ratio_bands" and ("dự toán" in title or "giải ngân" in title):
        # revenue or spending against an estimate may pass 100 %
        d["allows_over_100"] = True
    d["_sim"] = sim or {}
    return d


def node(code, title, children):
    return {"code": code, "title": title, "children": children}


def G_ontime(mx, half_txt=None):
    return (f"Ban hành đúng thời hạn: {vn_pts(M(mx))} điểm; ban hành muộn: "
            f"{vn_pts(M(mx) // 2)} điểm; không ban hành: 0 điểm.")


def G_full_part(mx, full, part):
    return (f"{full}: {vn_pts(M(mx))} điểm; {part}: {vn_pts(M(mx) // 2)} điểm; "
            f"không thực hiện: 0 điểm.")


SURVEY_G = ("Điểm = tỷ lệ số ý kiến đánh giá hài lòng (hoặc tốt) trên tổng số phiếu hợp lệ "
            "× điểm tối đa; lấy theo kết quả điều tra xã hội học, làm tròn 2 chữ số thập phân.")

# yearly online-dossier bands of the commune sets (the province raised the bar every year)
ONLINE_BANDS_COMMUNE = {
    2021: [("20", "5"), ("10", "4"), ("5", "3"), ("1", "2"), ("0", "0")],
    2022: [("30", "5"), ("20", "4"), ("10", "3"), ("5", "2"), ("0", "0")],
    2023: [("50", "5"), ("40", "4"), ("30", "3"), ("20", "2"), ("0", "0")],
    2024: [("70", "5"), ("60", "4"), ("50", "3"), ("40", "2"), ("0", "0")],
    2025: [("90", "5"), ("80", "4"), ("70", "3"), ("50", "2"), ("0", "0")],
}
ONLINE_PCT = {2021: (0, 6), 2022: (3, 28), 2023: (35, 90), 2024: (60, 99.5), 2025: (70, 99.8)}
DIGITIZE_PCT = {2021: (40, 92), 2022: (70, 99), 2023: (88, 100), 2024: (93, 100), 2025: (95, 100)}
PAYMENT_PCT = {2021: (0, 4), 2022: (2, 20), 2023: (15, 60), 2024: (40, 85), 2025: (50, 90)}
SIGN_PCT = {2021: (82, 99), 2022: (88, 100), 2023: (93, 100), 2024: (96, 100), 2025: (97, 100)}
VOLUME_COMMUNE = {2021: (600, 2100), 2022: (400, 1400), 2023: (220, 700), 2024: (180, 620),
                  2025: (700, 2600)}


def commune_tree(year):
    post = year >= 2025
    xa = "xã, phường" if post else "xã"
    cap_tren = "UBND tỉnh" if post else "UBND huyện"
    a1 = node("1", "Công tác chỉ đạo, điều hành cải cách hành chính của UBND xã", [
        node("1.1", "Kế hoạch cải cách hành chính năm", [
            leaf("1.1.1", "Ban hành kế hoạch CCHC năm", "manual", "1",
                 "Ban hành đúng thời hạn: 1 điểm; ban hành muộn: 0,5 điểm; không ban hành: 0 điểm.",
                 evidence="Kế hoạch CCHC năm của UBND xã"),
            leaf("1.1.2", "Mức độ hoàn thành kế hoạch CCHC năm", "ratio_bands", "2",
                 bands=[("100", "2"), ("80", "1.5"), ("60", "1"), ("0", "0")],
                 raw_labels=["Số nhiệm vụ hoàn thành", "Tổng số nhiệm vụ trong kế hoạch"],
                 evidence="Báo cáo kết quả thực hiện CCHC năm của UBND xã",
                 sim={"den": (8, 16), "pct": (78, 100), "full": 0.45}),
        ]),
        node("1.2", "Chế độ báo cáo CCHC", [
            leaf("1.2.1", "Báo cáo CCHC định kỳ gửi đúng thời hạn", "count_cap", "1",
                 "Mỗi báo cáo định kỳ (quý I, 6 tháng, 9 tháng, năm) gửi đúng thời hạn: 0,25 điểm; "
                 "tối đa 1 điểm.", per_unit="0.25",
                 raw_labels=["Số báo cáo định kỳ gửi đúng thời hạn"],
                 evidence="Các báo cáo CCHC định kỳ của UBND xã",
                 sim={"range": (2, 4), "bias": 0.8}),
        ]),
        node("1.3", "Kiểm tra, tự kiểm tra công tác CCHC", [
            leaf("1.3.1", "Ban hành kế hoạch tự kiểm tra công tác CCHC", "yes_no", "0.5",
                 "Có ban hành kế hoạch tự kiểm tra: 0,5 điểm; không ban hành: 0 điểm.",
                 raw_labels=["Có ban hành kế hoạch tự kiểm tra (1 = có, 0 = không)"],
                 evidence="Kế hoạch tự kiểm tra CCHC của UBND xã", sim={"p": 0.85}),
            leaf("1.3.2", "Xử lý các tồn tại, hạn chế phát hiện qua kiểm tra", "ratio_bands", "1",
                 bands=[("100", "1"), ("80", "0.5"), ("0", "0")], na="exclude",
                 raw_labels=["Số tồn tại, hạn chế đã khắc phục xong",
                             "Tổng số tồn tại, hạn chế phát hiện qua kiểm tra"],
                 evidence="Báo cáo kết quả khắc phục tồn tại, hạn chế sau kiểm tra",
                 sim={"den": (1, 6), "pct": (60, 100), "full": 0.65, "na_p": 0.25,
                      "na_reason": "Năm {y} xã không thuộc diện kiểm tra CCHC của UBND huyện, "
                                   "không có tồn tại, hạn chế phải khắc phục"}),
        ]),
        node("1.4", "Thông tin, tuyên truyền về CCHC", [
            leaf("1.4.1", "Ban hành kế hoạch tuyên truyền CCHC", "manual", "0.5",
                 "Ban hành đúng thời hạn: 0,5 điểm; ban hành muộn: 0,25 điểm; không ban hành: 0 điểm.",
                 evidence="Kế hoạch tuyên truyền CCHC của UBND xã"),
            leaf("1.4.2", "Mức độ thực hiện kế hoạch tuyên truyền CCHC", "manual", "1",
                 "Thực hiện đầy đủ, đa dạng hình thức (loa truyền thanh, trang thông tin điện tử, "
                 "mạng xã hội, lồng ghép hội nghị): 1 điểm; thực hiện chưa đầy đủ: 0,5 điểm; "
                 "không thực hiện: 0 điểm.",
                 evidence="Báo cáo kết quả tuyên truyền; tin, bài, hình ảnh"),
        ]),
        node("1.5", "Sáng kiến, giải pháp mới trong CCHC", [
            leaf("1.5.1", "Có sáng kiến, giải pháp mới trong CCHC được áp dụng tại " + xa, "manual", "1",
                 "Có sáng kiến, giải pháp được Hội đồng sáng kiến công nhận: 1 điểm; có giải pháp "
                 "áp dụng nhưng chưa được công nhận: 0,5 điểm; không có: 0 điểm.",
                 evidence="Quyết định công nhận sáng kiến hoặc báo cáo mô tả giải pháp"),
        ]),
        node("1.6", "Thực hiện nhiệm vụ cấp trên giao", [
            leaf("1.6.1", f"Tỷ lệ nhiệm vụ về CCHC {cap_tren} giao được hoàn thành đúng hạn",
                 "ratio_bands", "2", bands=[("100", "2"), ("90", "1.5"), ("80", "1"), ("0", "0")],
                 raw_labels=["Số nhiệm vụ hoàn thành đúng hạn", "Tổng số nhiệm vụ được giao"],
                 evidence=f"Báo cáo kết quả thực hiện nhiệm vụ {cap_tren} giao",
                 sim={"den": (6, 20), "pct": (82, 100), "full": 0.5}),
        ]),
    ])
    a2 = node("2", "Cải cách thể chế", [
        node("2.1", "Xây dựng, ban hành văn bản quy phạm pháp luật", [
            leaf("2.1.1", "Thực hiện đúng quy trình xây dựng, ban hành văn bản QPPL của HĐND, UBND " + xa,
                 "manual", "1",
                 "Tất cả văn bản ban hành đúng trình tự, thủ tục: 1 điểm; có văn bản chưa đúng trình tự, "
                 "thủ tục: 0 điểm. Trong năm không ban hành văn bản QPPL: tính điểm tối đa.",
                 na="full_points", evidence="Văn bản QPPL đã ban hành và hồ sơ xây dựng văn bản",
                 sim={"na_p": {2021: 0.7, 2022: 0.65, 2023: 0.65, 2024: "one", 2025: 0.5},
                      "na_reason": "Năm {y} xã không ban hành văn bản QPPL nào"}),
            leaf("2.1.2", "Tự kiểm tra, rà soát, hệ thống hóa văn bản QPPL", "manual", "1",
                 G_full_part("1", "Thực hiện đầy đủ, đúng thời hạn",
                             "thực hiện chưa đầy đủ hoặc chậm thời hạn"),
                 evidence="Báo cáo kết quả rà soát, hệ thống hóa văn bản QPPL"),
        ]),
        node("2.2", "Theo dõi tình hình thi hành pháp luật", [
            leaf("2.2.1", "Ban hành và thực hiện kế hoạch theo dõi tình hình thi hành pháp luật",
                 "manual", "1", G_ontime("1"),
                 evidence="Kế hoạch, báo cáo theo dõi tình hình thi hành pháp luật"),
        ]),
        node("2.3", "Phổ biến, giáo dục pháp luật", [
            leaf("2.3.1", "Ban hành kế hoạch phổ biến, giáo dục pháp luật năm", "manual", "1",
                 G_ontime("1"), evidence="Kế hoạch phổ biến, giáo dục pháp luật năm"),
            leaf("2.3.2", "Số cuộc tuyên truyền, phổ biến pháp luật tại thôn, xóm, tổ dân phố",
                 "value_bands", "1", bands=[("12", "1"), ("6", "0.5"), ("0", "0")], unit="cuộc",
                 raw_labels=["Số cuộc tuyên truyền, phổ biến pháp luật tổ chức trong năm"],
                 evidence="Báo cáo kết quả phổ biến, giáo dục pháp luật; sổ theo dõi",
                 sim={"range": (4, 20)}),
        ]),
        node("2.4", "Xây dựng " + xa + " đạt chuẩn tiếp cận pháp luật", [
            leaf("2.4.1", "Được công nhận đạt chuẩn tiếp cận pháp luật", "yes_no", "1",
                 "Được công nhận đạt chuẩn tiếp cận pháp luật: 1 điểm; không đạt: 0 điểm.",
                 raw_labels=["Được công nhận đạt chuẩn (1 = có, 0 = không)"],
                 evidence="Quyết định công nhận đạt chuẩn tiếp cận pháp luật", sim={"p": 0.8}),
        ]),
    ])
    ontime_bands = ([("100", "4"), ("99", "3"), ("97", "2"), ("95", "1"), ("0", "0")] if post else
                    [("100", "4"), ("98", "3"), ("95", "2"), ("90", "1"), ("0", "0")])
    a3 = node("3", "Cải cách thủ tục hành chính", [
        node("3.1", "Công khai thủ tục hành chính", [
            leaf("3.1.1", "Niêm yết công khai đầy đủ, đúng quy định TTHC tại Bộ phận Một cửa",
                 "manual", "1.5",
                 "Niêm yết đầy đủ, kịp thời, đúng quy định: 1,5 điểm; niêm yết chưa đầy đủ hoặc chưa "
                 "cập nhật theo quyết định công bố mới: 0,75 điểm; không niêm yết: 0 điểm.",
                 evidence="Danh mục TTHC niêm yết; ảnh chụp bảng niêm yết"),
            leaf("3.1.2", "Công khai TTHC trên Trang thông tin điện tử", "manual", "1",
                 "Công khai đầy đủ: 1 điểm; công khai chưa đầy đủ: 0,5 điểm; không công khai: 0 điểm.",
                 evidence="Đường dẫn, ảnh chụp trang thông tin điện tử"),
            leaf("3.1.3", "Niêm yết địa chỉ, số điện thoại tiếp nhận phản ánh, kiến nghị về quy định "
                          "hành chính", "yes_no", "0.5",
                 "Có niêm yết đúng quy định: 0,5 điểm; không niêm yết: 0 điểm.",
                 raw_labels=["Có niêm yết (1 = có, 0 = không)"],
                 evidence="Ảnh chụp nội dung niêm yết", sim={"p": 0.9}),
        ]),
        node("3.2", "Kết quả giải quyết thủ tục hành chính", [
            leaf("3.2.1", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "ratio_bands", "4",
                 bands=ontime_bands,
                 raw_labels=["Số hồ sơ giải quyết đúng hạn", "Tổng số hồ sơ đã giải quyết"],
                 evidence="Báo cáo kết quả giải quyết TTHC trích xuất từ Hệ thống thông tin giải "
                          "quyết TTHC tỉnh",
                 sim={"den": "solved", "pct": (96.5, 100), "full": 0.4, "real": "ontime"}),
            leaf("3.2.2", "Thực hiện xin lỗi bằng văn bản đối với hồ sơ giải quyết quá hạn",
                 "ratio_bands", "1", bands=[("100", "1"), ("50", "0.5"), ("0", "0")],
                 na="full_points",
                 raw_labels=["Số hồ sơ quá hạn đã có văn bản xin lỗi", "Tổng số hồ sơ giải quyết quá hạn"],
                 evidence="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                 sim={"apology_of": "3.2.1",
                      "na_reason": "Năm {y} xã không có hồ sơ giải quyết quá hạn"}),
            leaf("3.2.3", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "ratio_bands", "2",
                 bands=[("100", "2"), ("90", "1.5"), ("80", "1"), ("0", "0")],
                 raw_labels=["Số hồ sơ được số hóa hồ sơ, kết quả giải quyết", "Tổng số hồ sơ tiếp nhận"],
                 evidence="Báo cáo trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh",
                 sim={"den": "received", "pct": DIGITIZE_PCT, "full": 0.15}),
            leaf("3.2.4", "Tỷ lệ hồ sơ TTHC tiếp nhận hoặc trả kết quả qua dịch vụ bưu chính công ích",
                 "ratio_bands", "1", bands=[("10", "1"), ("5", "0.5"), ("0", "0")], top100=False,
                 raw_labels=["Số hồ sơ tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích",
                             "Tổng số hồ sơ tiếp nhận"],
                 evidence="Sổ theo dõi hồ sơ qua dịch vụ bưu chính công ích",
                 sim={"den": "received", "pct": (0, 11)}),
        ]),
        node("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị", [
            leaf("3.3.1", "Xử lý phản ánh, kiến nghị về quy định hành chính đúng thời hạn", "manual", "1",
                 "Xử lý 100% đúng thời hạn: 1 điểm; có phản ánh, kiến nghị xử lý quá hạn: 0,5 điểm; "
                 "không xử lý: 0 điểm. Không phát sinh phản ánh, kiến nghị: không chấm tiêu chí này.",
                 na="exclude", evidence="Sổ theo dõi, văn bản trả lời phản ánh, kiến nghị",
                 sim={"na_p": 0.6,
                      "na_reason": "Năm {y} không phát sinh phản ánh, kiến nghị về quy định hành chính"}),
        ]),
        node("3.4", "Rà soát, đơn giản hóa thủ tục hành chính", [
            leaf("3.4.1", f"Rà soát, đánh giá TTHC theo kế hoạch của {cap_tren}", "manual", "1",
                 "Thực hiện đầy đủ, đúng thời hạn, có phương án đơn giản hóa: 1 điểm; thực hiện nhưng "
                 "chậm hoặc chưa đầy đủ: 0,5 điểm; không thực hiện: 0 điểm.",
                 evidence="Báo cáo kết quả rà soát, đánh giá TTHC của UBND xã"),
        ]),
        node("3.5", "Thực hiện cơ chế một cửa, một cửa liên thông", [
            leaf("3.5.1", ("Tổ chức, vận hành Trung tâm Phục vụ hành chính công xã theo quy định"
                           if post else
                           "Kiện toàn Bộ phận Một cửa, bố trí công chức làm việc theo quy định"),
                 "manual", "1.5",
                 "Kiện toàn kịp thời, bố trí công chức đúng quy định: 1,5 điểm; kiện toàn chậm hoặc "
                 "bố trí chưa đúng quy định: 0,75 điểm; không kiện toàn: 0 điểm.",
                 evidence=("Quyết định thành lập, kiện toàn Trung tâm Phục vụ hành chính công xã" if post
                           else "Quyết định kiện toàn Bộ phận Một cửa")),
            leaf("3.5.2", "Tổ chức lấy ý kiến đánh giá của người dân, tổ chức về giải quyết TTHC",
                 "manual", "1.5",
                 "Triển khai thường xuyên (phiếu giấy hoặc quét mã QR): 1,5 điểm; triển khai chưa "
                 "thường xuyên: 0,75 điểm; không triển khai: 0 điểm.",
                 evidence="Báo cáo kết quả lấy ý kiến đánh giá; phiếu khảo sát"),
        ]),
    ])
    a4_last = (leaf("4.3.1", "Kiện toàn tổ chức bộ máy, bố trí cán bộ, công chức sau sắp xếp đơn vị "
                             "hành chính", "manual", "1.5",
                    "Hoàn thành đúng tiến độ, đúng quy định: 1,5 điểm; hoàn thành chậm: 0,75 điểm; "
                    "chưa hoàn thành: 0 điểm.",
                    evidence="Quyết định kiện toàn tổ chức, bố trí cán bộ, công chức")
               if post else
               leaf("4.3.1", "Thực hiện sắp xếp, kiện toàn thôn, tổ dân phố theo kế hoạch", "manual",
                    "1.5",
                    "Hoàn thành đúng kế hoạch: 1,5 điểm; hoàn thành chậm: 0,75 điểm; không thực hiện: "
                    "0 điểm. Xã không thuộc diện sắp xếp: không chấm tiêu chí này.",
                    na="exclude", evidence="Nghị quyết, quyết định sắp xếp thôn, tổ dân phố",
                    sim={"na_p": 0.5,
                         "na_reason": "Năm {y} xã không thuộc diện sắp xếp thôn, tổ dân phố"}))
    a4 = node("4", "Cải cách tổ chức bộ máy hành chính", [
        node("4.1", "Bố trí cán bộ, công chức và người hoạt động không chuyên trách", [
            leaf("4.1.1", "Bố trí số lượng cán bộ, công chức không vượt quá số lượng được giao",
                 "manual", "1.5", "Đúng số lượng được giao: 1,5 điểm; vượt số lượng được giao: 0 điểm.",
                 evidence="Danh sách cán bộ, công chức của xã"),
            leaf("4.1.2", "Bố trí người hoạt động không chuyên trách đúng quy định", "manual", "1",
                 "Bố trí đúng quy định: 1 điểm; bố trí chưa đúng quy định: 0 điểm.",
                 evidence="Danh sách người hoạt động không chuyên trách"),
        ]),
        node("4.2", "Thực hiện quy chế làm việc, quy chế dân chủ", [
            leaf("4.2.1", "Ban hành và thực hiện quy chế làm việc của UBND xã", "manual", "1.5",
                 G_full_part("1.5", "Ban hành và thực hiện đúng quy chế",
                             "có ban hành nhưng thực hiện chưa nghiêm"),
                 evidence="Quy chế làm việc của UBND xã"),
            leaf("4.2.2", "Thực hiện dân chủ ở cơ sở", "manual", "1.5",
                 G_full_part("1.5", "Thực hiện đầy đủ", "thực hiện chưa đầy đủ"),
                 evidence="Báo cáo kết quả thực hiện dân chủ ở cơ sở"),
        ]),
        node("4.3", ("Sắp xếp đơn vị hành chính" if post else "Sắp xếp thôn, tổ dân phố"), [a4_last]),
    ])
    a5 = node("5", "Cải cách chế độ công vụ", [
        node("5.1", "Chất lượng đội ngũ cán bộ, công chức", [
            leaf("5.1.1", "Tỷ lệ cán bộ, công chức đạt chuẩn theo quy định", "ratio_bands", "2",
                 bands=[("100", "2"), ("90", "1"), ("0", "0")],
                 raw_labels=["Số cán bộ, công chức đạt chuẩn", "Tổng số cán bộ, công chức"],
                 evidence="Danh sách, trình độ cán bộ, công chức",
                 sim={"den": (17, 23) if not post else (30, 45), "pct": (86, 100), "full": 0.55}),
        ]),
        node("5.2", "Đào tạo, bồi dưỡng", [
            leaf("5.2.1", "Cử cán bộ, công chức tham gia đào tạo, bồi dưỡng theo kế hoạch", "manual",
                 "1.5", G_full_part("1.5", "Thực hiện đầy đủ theo kế hoạch", "thực hiện chưa đầy đủ"),
                 evidence="Danh sách cán bộ, công chức được cử đi đào tạo, bồi dưỡng"),
        ]),
        node("5.3", "Đánh giá, xếp loại cán bộ, công chức", [
            leaf("5.3.1", "Đánh giá, xếp loại cán bộ, công chức đúng quy định, đúng thời hạn", "manual",
                 "1.5", G_full_part("1.5", "Thực hiện đúng quy định, đúng thời hạn",
                                    "thực hiện chậm hoặc chưa đúng quy trình"),
                 evidence="Kết quả đánh giá, xếp loại cán bộ, công chức năm"),
        ]),
        node("5.4", "Kỷ luật, kỷ cương hành chính", [
            leaf("5.4.1", "Chấp hành kỷ luật, kỷ cương hành chính và văn hóa công vụ", "manual", "2",
                 "Không có vi phạm: 2 điểm; có vi phạm bị nhắc nhở bằng văn bản: 1 điểm; có vi phạm "
                 "bị xử lý: 0 điểm.", evidence=None),
            leaf("5.4.2", "Không có cán bộ, công chức bị xử lý kỷ luật trong năm", "yes_no", "2",
                 "Không có cán bộ, công chức bị xử lý kỷ luật: 2 điểm; có: 0 điểm.",
                 raw_labels=["Không có cán bộ, công chức bị kỷ luật (1 = đúng, 0 = có người bị kỷ luật)"],
                 evidence=None, sim={"p": 0.88}),
        ]),
    ])
    a6 = node("6", "Cải cách tài chính công", [
        node("6.1", "Quản lý ngân sách " + xa, [
            leaf("6.1.1", "Tỷ lệ thu ngân sách nhà nước trên địa bàn so với dự toán được giao",
                 "ratio_bands", "2", bands=[("100", "2"), ("90", "1.5"), ("80", "1"), ("0", "0")],
                 top100=False,
                 raw_labels=["Số thu ngân sách thực hiện (triệu đồng)", "Dự toán thu được giao (triệu đồng)"],
                 evidence="Báo cáo quyết toán thu ngân sách xã",
                 sim={"den": (350, 2600), "pct": (84, 128), "over": True}),
            leaf("6.1.2", "Công khai dự toán, quyết toán ngân sách đúng quy định", "manual", "1.5",
                 G_full_part("1.5", "Công khai đầy đủ, đúng thời hạn", "công khai chậm hoặc chưa đầy đủ"),
                 evidence="Quyết định công khai dự toán, quyết toán ngân sách"),
        ]),
        node("6.2", "Quy chế chi tiêu nội bộ, quản lý tài sản công", [
            leaf("6.2.1", "Ban hành và thực hiện quy chế chi tiêu nội bộ, quy chế quản lý tài sản công",
                 "manual", "1.5", G_ontime("1.5"), evidence="Quy chế chi tiêu nội bộ"),
        ]),
        node("6.3", "Thực hành tiết kiệm, chống lãng phí", [
            leaf("6.3.1", "Xây dựng và thực hiện chương trình thực hành tiết kiệm, chống lãng phí",
                 "manual", "1", G_ontime("1"),
                 evidence="Chương trình thực hành tiết kiệm, chống lãng phí năm"),
        ]),
        node("6.4", "Thực hiện kết luận thanh tra, kiểm toán", [
            leaf("6.4.1", "Thực hiện kết luận, kiến nghị của thanh tra, kiểm toán về tài chính, ngân sách",
                 "manual", "1",
                 "Thực hiện đầy đủ, đúng thời hạn: 1 điểm; thực hiện chưa đầy đủ: 0,5 điểm; không thực "
                 "hiện: 0 điểm. Không có kết luận, kiến nghị: không chấm tiêu chí này.",
                 na="exclude", evidence="Báo cáo thực hiện kết luận thanh tra, kiểm toán",
                 sim={"na_p": 0.55,
                      "na_reason": "Năm {y} xã không có kết luận thanh tra, kiểm toán về tài chính, "
                                   "ngân sách"}),
        ]),
    ])
    online_title = ("Tỷ lệ hồ sơ TTHC tiếp nhận, giải quyết trực tuyến toàn trình" if post else
                    "Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trực tuyến")
    a7 = node("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", [
        node("7.1", "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành", [
            leaf("7.1.1", "Tỷ lệ văn bản đi được ký số, gửi nhận trên môi trường điện tử", "ratio_bands",
                 "3", bands=[("100", "3"), ("95", "2"), ("90", "1"), ("0", "0")],
                 raw_labels=["Số văn bản đi được ký số, gửi điện tử", "Tổng số văn bản đi (trừ văn bản mật)"],
                 evidence="Báo cáo trích xuất từ hệ thống quản lý văn bản và điều hành",
                 sim={"den": (240, 900), "pct": SIGN_PCT, "full": 0.3}),
            leaf("7.1.2", "Sử dụng thư điện tử công vụ, phần mềm quản lý văn bản trong công việc",
                 "manual", "1",
                 "100% cán bộ, công chức sử dụng thường xuyên: 1 điểm; sử dụng chưa thường xuyên: "
                 "0,5 điểm; không sử dụng: 0 điểm.", evidence=None),
        ]),
        node("7.2", "Cung cấp dịch vụ công trực tuyến", [
            leaf("7.2.1", online_title, "ratio_bands", "5", bands=ONLINE_BANDS_COMMUNE[year],
                 top100=False,
                 raw_labels=["Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận"],
                 evidence="Báo cáo trích xuất từ Cổng Dịch vụ công và Hệ thống thông tin giải quyết TTHC",
                 sim={"den": "received", "pct": ONLINE_PCT, "real": "online"}),
            leaf("7.2.2", "Tỷ lệ hồ sơ TTHC có thanh toán trực tuyến phí, lệ phí", "ratio_bands", "1.5",
                 bands=[("50", "1.5"), ("30", "1"), ("10", "0.5"), ("0", "0")], top100=False,
                 raw_labels=["Số hồ sơ thanh toán trực tuyến", "Tổng số hồ sơ có phát sinh phí, lệ phí"],
                 evidence="Báo cáo trích xuất từ Cổng Dịch vụ công quốc gia",
                 sim={"den": (20, 220), "pct": PAYMENT_PCT}),
        ]),
        node("7.3", "Trang thông tin điện tử", [
            leaf("7.3.1", "Cập nhật, duy trì Trang thông tin điện tử theo quy định", "manual", "1.5",
                 G_full_part("1.5", "Cập nhật thường xuyên, đầy đủ chuyên mục",
                             "cập nhật chưa thường xuyên"),
                 evidence="Ảnh chụp, đường dẫn chuyên mục trên trang thông tin điện tử"),
        ]),
        node("7.4", "Chuyển đổi số", [
            leaf("7.4.1", ("Triển khai Đề án 06 và các nền tảng số dùng chung" if post else
                           ("Triển khai nhiệm vụ chuyển đổi số theo kế hoạch của UBND huyện" if year == 2021
                            else "Thành lập và duy trì hoạt động Tổ công nghệ số cộng đồng")),
                 "manual", "2",
                 G_full_part("2", "Triển khai đầy đủ, hiệu quả", "triển khai chưa đầy đủ"),
                 evidence=("Báo cáo kết quả chuyển đổi số" if year == 2021 or post else
                           "Quyết định thành lập, báo cáo hoạt động Tổ công nghệ số cộng đồng")),
            leaf("7.4.2", "Số tin, bài về CCHC, chuyển đổi số đăng trên Trang thông tin điện tử",
                 "count_cap", "1",
                 "Mỗi tin, bài: 0,1 điểm; tối đa 1 điểm.", per_unit="0.1",
                 raw_labels=["Số tin, bài đã đăng trong năm"],
                 evidence="Danh sách tin, bài kèm đường dẫn", sim={"range": (3, 15)}),
        ]),
    ])
    a8 = node("8", "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội của " + xa, [
        node("8.1", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của "
                    + ("Trung tâm Phục vụ hành chính công xã" if post else "Bộ phận Một cửa xã"), [
            leaf("8.1.1", "Tiếp cận dịch vụ hành chính công", "survey", "3", SURVEY_G),
            leaf("8.1.2", "Thủ tục hành chính", "survey", "3", SURVEY_G),
            leaf("8.1.3", "Sự phục vụ của công chức", "survey", "3", SURVEY_G),
            leaf("8.1.4", "Kết quả giải quyết thủ tục hành chính", "survey", "3", SURVEY_G),
            leaf("8.1.5", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "survey", "3", SURVEY_G),
        ]),
        node("8.2", "Đánh giá của đại biểu HĐND, trưởng thôn, tổ trưởng tổ dân phố", [
            leaf("8.2.1", "Công tác chỉ đạo, điều hành CCHC của UBND " + xa, "survey", "5", SURVEY_G),
            leaf("8.2.2", "Cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông", "survey", "5",
                 SURVEY_G),
            leaf("8.2.3", "Tác động của CCHC đến phát triển kinh tế - xã hội", "survey", "5", SURVEY_G),
        ]),
    ])
    a9 = node("9", "Điểm thưởng, điểm trừ", [
        node("9.1", "Điểm thưởng", [
            leaf("9.1.1", "Có sáng kiến, mô hình CCHC được cấp có thẩm quyền công nhận, nhân rộng",
                 "bonus", "1.5", "Mỗi sáng kiến, mô hình được công nhận: cộng 0,5 điểm; tối đa 1,5 điểm.",
                 evidence="Quyết định công nhận sáng kiến, mô hình"),
            leaf("9.1.2", "Tập thể, cá nhân được khen thưởng về thành tích trong công tác CCHC", "bonus", "1",
                 "Được UBND tỉnh khen thưởng: cộng 1 điểm; được UBND huyện khen thưởng: cộng 0,5 điểm.",
                 evidence="Quyết định khen thưởng"),
            leaf("9.1.3", "Vượt chỉ tiêu tỷ lệ hồ sơ trực tuyến được giao", "bonus", "1",
                 "Vượt chỉ tiêu từ 10% trở lên: cộng 1 điểm; vượt dưới 10%: cộng 0,5 điểm.", evidence=None),
        ]),
        node("9.2", "Điểm trừ", [
            leaf("9.2.1", "Để xảy ra hồ sơ quá hạn không xin lỗi hoặc bị phản ánh về thái độ phục vụ",
                 "penalty", "1.5", "Mỗi trường hợp bị phát hiện: trừ 0,5 điểm; tối đa trừ 1,5 điểm.",
                 evidence=None),
            leaf("9.2.2", "Chậm gửi báo cáo tự đánh giá, chấm điểm Chỉ số CCHC", "penalty", "1",
                 "Chậm dưới 5 ngày làm việc: trừ 0,5 điểm; chậm từ 5 ngày làm việc trở lên: trừ 1 điểm.",
                 evidence=None),
            leaf("9.2.3", "Cán bộ, công chức vi phạm pháp luật trong thi hành công vụ bị xử lý", "penalty",
                 "1.5", "Mỗi trường hợp: trừ 0,5 điểm; tối đa trừ 1,5 điểm.", evidence=None),
        ]),
    ])
    return [a1, a2, a3, a4, a5, a6, a7, a8, a9]


ONLINE_BANDS_DISTRICT = [("50", "4"), ("40", "3"), ("30", "2"), ("20", "1"), ("0", "0")]
VOLUME_DISTRICT = {2021: (9000, 42000), 2022: (7000, 30000), 2023: (4000, 16000), 2024: (3500, 14000)}
# Thạch An's real one-stop figures (report 270/BC-UBND, footnote 19): [on time, solved],
# [online, received]. "Received" is the figure the report's total 57.377 adds up: new
# dossiers in 2021 and 2022, all dossiers (with those carried over) in 2023, 2024 and 2025.
THACH_AN_REAL = {
    2021: {"ontime": (23785, 23861), "online": (0, 23838)},
    2022: {"ontime": (15640, 15699), "online": (1214, 15788)},
    2023: {"ontime": (8714, 8770), "online": (6791, 8778)},
    2024: {"ontime": (7306, 7321), "online": (7285, 7330)},
}
# 2025 (05/12/2024–31/3/2025 in the report: 1.643 received, 1.608 online, 1.635 solved,
# 1.633 on time). The district has no 2025 assessment (it was dissolved on 1/7/2025), so
# the summary adds the figures of 2025's assessed units: the six communes carry the
# report's 2025 figures, split among them.
COMMUNE_2025_REAL = {
    "01786": {"ontime": (350, 350), "online": (347, 352)},
    "01822": {"ontime": (197, 197), "online": (192, 198)},
    "01789": {"ontime": (284, 285), "online": (280, 286)},
    "01792": {"ontime": (299, 299), "online": (296, 301)},
    "01795": {"ontime": (245, 246), "online": (241, 247)},
    "01807": {"ontime": (258, 258), "online": (252, 259)},
}
# The totals of report 270/BC-UBND (section 2.c): solved 57.286 of 57.377 received, on
# time 57.078 (99,48 % of received), late 208.
SOURCE_ONESTOP = {"ontime": 57078, "solved": 57286, "received": 57377, "online": 16898}


def real_figures(level, year, unit):
    """The report's one-stop figures of a unit and year, if the demo uses them."""
    if level == "district" and unit == "053":
        return THACH_AN_REAL.get(year)
    if level == "commune" and year == 2025:
        return COMMUNE_2025_REAL.get(unit)
    return None
ONLINE_PCT_DISTRICT = {2021: (0, 4), 2022: (3, 22), 2023: (45, 88), 2024: (70, 99.6)}


def district_tree(year):
    a1 = node("1", "Công tác chỉ đạo, điều hành CCHC", [
        node("1.1", "Kế hoạch cải cách hành chính năm", [
            leaf("1.1.1", "Ban hành kế hoạch CCHC năm", "manual", "1",
                 "Ban hành đúng thời hạn: 1 điểm; ban hành muộn: 0,5 điểm; không ban hành: 0 điểm.",
                 evidence="Kế hoạch CCHC năm của UBND huyện"),
            leaf("1.1.2", "Mức độ hoàn thành kế hoạch CCHC năm", "ratio_bands", "2",
                 bands=[("100", "2"), ("90", "1.5"), ("80", "1"), ("0", "0")],
                 raw_labels=["Số nhiệm vụ hoàn thành", "Tổng số nhiệm vụ trong kế hoạch"],
                 evidence="Báo cáo kết quả thực hiện CCHC năm của UBND huyện",
                 sim={"den": (25, 45), "pct": (85, 100), "full": 0.4}),
        ]),
        node("1.2", "Chế độ báo cáo CCHC", [
            leaf("1.2.1", "Báo cáo CCHC định kỳ gửi đúng thời hạn", "count_cap", "1",
                 "Mỗi báo cáo định kỳ (quý I, 6 tháng, 9 tháng, năm) gửi đúng thời hạn: 0,25 điểm; "
                 "tối đa 1 điểm.", per_unit="0.25",
                 raw_labels=["Số báo cáo định kỳ gửi đúng thời hạn"],
                 evidence="Các báo cáo CCHC định kỳ của UBND huyện", sim={"range": (3, 4), "bias": 0.8}),
        ]),
        node("1.3", "Kiểm tra công tác CCHC", [
            leaf("1.3.1", "Tỷ lệ cơ quan chuyên môn, UBND cấp xã được kiểm tra CCHC trong năm",
                 "ratio_bands", "1", bands=[("30", "1"), ("20", "0.5"), ("0", "0")], top100=False,
                 raw_labels=["Số cơ quan, đơn vị được kiểm tra", "Tổng số cơ quan chuyên môn và UBND cấp xã"],
                 evidence="Kế hoạch kiểm tra CCHC; báo cáo kết quả kiểm tra",
                 sim={"den": (18, 30), "pct": (15, 60)}),
            leaf("1.3.2", "Xử lý các vấn đề phát hiện qua kiểm tra", "ratio_bands", "1",
                 bands=[("100", "1"), ("80", "0.5"), ("0", "0")], na="exclude",
                 raw_labels=["Số vấn đề đã xử lý xong", "Tổng số vấn đề phát hiện qua kiểm tra"],
                 evidence="Báo cáo kết quả khắc phục sau kiểm tra",
                 sim={"den": (4, 20), "pct": (70, 100), "full": 0.6, "na_p": 0.1,
                      "na_reason": "Năm {y} qua kiểm tra không phát hiện vấn đề phải xử lý"}),
        ]),
        node("1.4", "Công tác tuyên truyền CCHC", [
            leaf("1.4.1", "Ban hành kế hoạch tuyên truyền CCHC", "manual", "0.5",
                 "Ban hành đúng thời hạn: 0,5 điểm; ban hành muộn: 0,25 điểm; không ban hành: 0 điểm.",
                 evidence="Kế hoạch tuyên truyền CCHC năm"),
            leaf("1.4.2", "Mức độ thực hiện kế hoạch tuyên truyền CCHC", "manual", "1",
                 G_full_part("1", "Hoàn thành 100% kế hoạch", "hoàn thành từ 80% kế hoạch"),
                 evidence="Báo cáo kết quả tuyên truyền CCHC"),
        ]),
        node("1.5", "Sáng kiến, cách làm mới trong CCHC", [
            leaf("1.5.1", "Có sáng kiến, cách làm mới trong CCHC được triển khai", "manual", "1",
                 "Có sáng kiến được công nhận và áp dụng hiệu quả: 1 điểm; có sáng kiến nhưng chưa được "
                 "công nhận: 0,5 điểm; không có: 0 điểm.",
                 evidence="Quyết định công nhận sáng kiến; báo cáo kết quả áp dụng"),
        ]),
        node("1.6", "Thực hiện nhiệm vụ UBND tỉnh giao", [
            leaf("1.6.1", "Tỷ lệ nhiệm vụ UBND tỉnh giao về CCHC hoàn thành đúng hạn", "ratio_bands", "1.5",
                 bands=[("100", "1.5"), ("90", "1"), ("80", "0.5"), ("0", "0")],
                 raw_labels=["Số nhiệm vụ hoàn thành đúng hạn", "Tổng số nhiệm vụ được giao"],
                 evidence="Báo cáo kết quả thực hiện nhiệm vụ UBND tỉnh giao",
                 sim={"den": (12, 30), "pct": (85, 100), "full": 0.35}),
        ]),
    ])
    a2 = node("2", "Cải cách thể chế", [
        node("2.1", "Xây dựng, ban hành văn bản quy phạm pháp luật", [
            leaf("2.1.1", "Thực hiện đúng quy trình xây dựng, ban hành văn bản QPPL của HĐND, UBND huyện",
                 "manual", "1",
                 "Tất cả văn bản ban hành đúng trình tự, thủ tục: 1 điểm; có văn bản chưa đúng: 0 điểm. "
                 "Trong năm không ban hành văn bản QPPL: tính điểm tối đa.",
                 na="full_points", evidence="Văn bản QPPL đã ban hành và hồ sơ thẩm định",
                 sim={"na_p": {2021: 0.3, 2022: 0.1, 2023: 0.3, 2024: 0.2},
                      "na_reason": "Năm {y} HĐND, UBND huyện không ban hành văn bản QPPL"}),
            leaf("2.1.2", "Tự kiểm tra, rà soát, hệ thống hóa văn bản QPPL", "manual", "1",
                 G_full_part("1", "Thực hiện đầy đủ, đúng thời hạn", "thực hiện chưa đầy đủ"),
                 evidence="Quyết định công bố kết quả hệ thống hóa văn bản QPPL"),
        ]),
        node("2.2", "Kiểm tra văn bản QPPL cấp xã", [
            leaf("2.2.1", "Kiểm tra văn bản QPPL do HĐND, UBND cấp xã ban hành", "manual", "1",
                 G_full_part("1", "Kiểm tra 100% văn bản", "kiểm tra chưa đầy đủ"),
                 evidence="Báo cáo kết quả kiểm tra văn bản QPPL cấp xã"),
        ]),
        node("2.3", "Theo dõi tình hình thi hành pháp luật", [
            leaf("2.3.1", "Ban hành và thực hiện kế hoạch theo dõi tình hình thi hành pháp luật", "manual",
                 "1", G_ontime("1"), evidence="Kế hoạch theo dõi tình hình thi hành pháp luật"),
        ]),
        node("2.4", "Phổ biến, giáo dục pháp luật", [
            leaf("2.4.1", "Ban hành kế hoạch phổ biến, giáo dục pháp luật năm", "manual", "1", G_ontime("1"),
                 evidence="Kế hoạch phổ biến, giáo dục pháp luật năm"),
            leaf("2.4.2", "Tỷ lệ xã, thị trấn đạt chuẩn tiếp cận pháp luật", "ratio_bands", "1",
                 bands=[("100", "1"), ("80", "0.5"), ("0", "0")],
                 raw_labels=["Số xã, thị trấn đạt chuẩn tiếp cận pháp luật", "Tổng số xã, thị trấn"],
                 evidence="Quyết định công nhận xã đạt chuẩn tiếp cận pháp luật",
                 sim={"den": (11, 19), "pct": (70, 100), "full": 0.3}),
        ]),
    ])
    a3 = node("3", "Cải cách thủ tục hành chính", [
        node("3.1", "Kiểm soát thủ tục hành chính", [
            leaf("3.1.1", "Ban hành kế hoạch kiểm soát TTHC năm", "manual", "1", G_ontime("1"),
                 evidence="Kế hoạch kiểm soát TTHC năm"),
            leaf("3.1.2", "Rà soát, đánh giá, đơn giản hóa TTHC", "manual", "1.5",
                 "Thực hiện đầy đủ, đúng thời hạn và có phương án đơn giản hóa: 1,5 điểm; thực hiện "
                 "chưa đầy đủ hoặc chậm: 0,75 điểm; không thực hiện: 0 điểm.",
                 evidence="Báo cáo kết quả rà soát, đánh giá TTHC"),
        ]),
        node("3.2", "Công khai thủ tục hành chính", [
            leaf("3.2.1", "Công khai TTHC tại Bộ phận Một cửa cấp huyện, cấp xã và trên trang thông tin "
                          "điện tử", "manual", "1.5",
                 "Công khai đầy đủ, kịp thời: 1,5 điểm; có nơi công khai chưa đầy đủ: 0,75 điểm; không "
                 "công khai: 0 điểm.", evidence="Danh mục TTHC công khai; ảnh chụp bảng niêm yết"),
            leaf("3.2.2", "Niêm yết địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính", "yes_no",
                 "0.5", "Có niêm yết đúng quy định: 0,5 điểm; không niêm yết: 0 điểm.",
                 raw_labels=["Có niêm yết (1 = có, 0 = không)"], evidence="Ảnh chụp nội dung niêm yết",
                 sim={"p": 0.92}),
            leaf("3.2.3", "Công khai kết quả giải quyết hồ sơ TTHC trên Cổng Dịch vụ công", "manual", "1",
                 G_full_part("1", "Công khai đầy đủ", "công khai chưa đầy đủ"),
                 evidence="Ảnh chụp trang công khai kết quả giải quyết hồ sơ"),
        ]),
        node("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", [
            leaf("3.3.1", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn (cấp huyện và cấp xã)", "ratio_bands", "3",
                 bands=[("100", "3"), ("98", "2"), ("95", "1"), ("0", "0")],
                 raw_labels=["Số hồ sơ giải quyết đúng hạn", "Tổng số hồ sơ đã giải quyết"],
                 evidence="Báo cáo kết quả giải quyết TTHC trích xuất từ Hệ thống thông tin giải quyết "
                          "TTHC tỉnh",
                 sim={"den": "solved", "pct": (97.5, 100), "full": 0.05, "real": "ontime"}),
            leaf("3.3.2", "Thực hiện xin lỗi bằng văn bản đối với hồ sơ giải quyết quá hạn", "ratio_bands",
                 "1", bands=[("100", "1"), ("50", "0.5"), ("0", "0")], na="full_points",
                 raw_labels=["Số hồ sơ quá hạn đã có văn bản xin lỗi", "Tổng số hồ sơ giải quyết quá hạn"],
                 evidence="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                 sim={"apology_of": "3.3.1",
                      "na_reason": "Năm {y} không có hồ sơ giải quyết quá hạn"}),
            leaf("3.3.3", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "ratio_bands", "2",
                 bands=[("100", "2"), ("90", "1.5"), ("80", "1"), ("0", "0")],
                 raw_labels=["Số hồ sơ được số hóa hồ sơ, kết quả giải quyết", "Tổng số hồ sơ tiếp nhận"],
                 evidence="Báo cáo trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh",
                 sim={"den": "received", "pct": DIGITIZE_PCT, "full": 0.05}),
            leaf("3.3.4", "Tỷ lệ hồ sơ TTHC tiếp nhận hoặc trả kết quả qua dịch vụ bưu chính công ích",
                 "ratio_bands", "1", bands=[("10", "1"), ("5", "0.5"), ("0", "0")], top100=False,
                 raw_labels=["Số hồ sơ tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích",
                             "Tổng số hồ sơ tiếp nhận"],
                 evidence="Báo cáo của Bưu điện huyện về dịch vụ bưu chính công ích",
                 sim={"den": "received", "pct": (0.2, 9)}),
            leaf("3.3.5", "Kiện toàn Bộ phận Một cửa cấp huyện, cấp xã; bố trí công chức đúng quy định",
                 "manual", "2",
                 "Kiện toàn kịp thời, bố trí đúng quy định: 2 điểm; kiện toàn chậm: 1 điểm; không kiện "
                 "toàn: 0 điểm.", evidence="Quyết định kiện toàn Bộ phận Một cửa"),
        ]),
        node("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", [
            leaf("3.4.1", "Xử lý phản ánh, kiến nghị về quy định hành chính đúng thời hạn", "manual", "1.5",
                 "Xử lý 100% đúng thời hạn: 1,5 điểm; có phản ánh, kiến nghị xử lý quá hạn: 0,75 điểm; "
                 "không xử lý: 0 điểm. Không phát sinh phản ánh, kiến nghị: không chấm tiêu chí này.",
                 na="exclude", evidence="Văn bản trả lời phản ánh, kiến nghị",
                 sim={"na_p": 0.3,
                      "na_reason": "Năm {y} không phát sinh phản ánh, kiến nghị về quy định hành chính"}),
        ]),
    ])
    a4 = node("4", "Cải cách tổ chức bộ máy hành chính nhà nước", [
        node("4.1", "Sắp xếp tổ chức bộ máy", [
            leaf("4.1.1", "Ban hành quy định chức năng, nhiệm vụ, quyền hạn của cơ quan chuyên môn",
                 "manual", "1.5", G_full_part("1.5", "Ban hành đầy đủ, kịp thời", "ban hành chậm"),
                 evidence="Quyết định quy định chức năng, nhiệm vụ của cơ quan chuyên môn"),
            leaf("4.1.2", "Sắp xếp, tổ chức lại đơn vị sự nghiệp công lập theo kế hoạch", "manual", "1.5",
                 "Hoàn thành đúng kế hoạch: 1,5 điểm; hoàn thành chậm: 0,75 điểm; không thực hiện: "
                 "0 điểm. Không có nhiệm vụ sắp xếp trong năm: không chấm tiêu chí này.",
                 na="exclude", evidence="Quyết định sắp xếp, tổ chức lại đơn vị sự nghiệp",
                 sim={"na_p": 0.3,
                      "na_reason": "Năm {y} huyện không có nhiệm vụ sắp xếp đơn vị sự nghiệp công lập"}),
        ]),
        node("4.2", "Quản lý biên chế", [
            leaf("4.2.1", "Sử dụng biên chế không vượt quá số được giao", "manual", "1",
                 "Không vượt biên chế được giao: 1 điểm; vượt: 0 điểm.",
                 evidence="Quyết định giao biên chế; báo cáo sử dụng biên chế"),
            leaf("4.2.2", "Thực hiện tinh giản biên chế theo kế hoạch", "manual", "1.5",
                 G_full_part("1.5", "Thực hiện đúng kế hoạch", "thực hiện chưa đầy đủ"),
                 evidence="Báo cáo kết quả tinh giản biên chế"),
        ]),
        node("4.3", "Phân cấp quản lý", [
            leaf("4.3.1", "Thực hiện các nhiệm vụ được phân cấp đúng quy định", "manual", "1.5",
                 G_full_part("1.5", "Thực hiện đầy đủ", "thực hiện chưa đầy đủ"),
                 evidence="Báo cáo thực hiện nhiệm vụ phân cấp"),
        ]),
    ])
    a5 = node("5", "Cải cách chế độ công vụ", [
        node("5.1", "Vị trí việc làm", [
            leaf("5.1.1", "Tỷ lệ cơ quan, đơn vị bố trí công chức, viên chức đúng vị trí việc làm",
                 "ratio_bands", "2", bands=[("100", "2"), ("90", "1"), ("0", "0")],
                 raw_labels=["Số cơ quan, đơn vị bố trí đúng vị trí việc làm", "Tổng số cơ quan, đơn vị"],
                 evidence="Báo cáo rà soát vị trí việc làm",
                 sim={"den": (30, 60), "pct": (88, 100), "full": 0.45}),
        ]),
        node("5.2", "Tuyển dụng, bổ nhiệm", [
            leaf("5.2.1", "Tuyển dụng công chức, viên chức đúng quy định", "manual", "1",
                 "Thực hiện đúng quy định: 1 điểm; có sai sót phải điều chỉnh: 0 điểm. Không tuyển dụng "
                 "trong năm: không chấm tiêu chí này.", na="exclude",
                 evidence="Kế hoạch, kết quả tuyển dụng",
                 sim={"na_p": 0.2, "na_reason": "Năm {y} huyện không tổ chức tuyển dụng"}),
            leaf("5.2.2", "Bổ nhiệm, bổ nhiệm lại lãnh đạo, quản lý đúng quy định", "manual", "1",
                 "Đúng quy định: 1 điểm; có trường hợp chưa đúng quy định: 0 điểm.",
                 evidence="Quyết định bổ nhiệm, bổ nhiệm lại"),
        ]),
        node("5.3", "Đào tạo, bồi dưỡng", [
            leaf("5.3.1", "Số lượt cán bộ, công chức, viên chức được cử đi đào tạo, bồi dưỡng trong năm",
                 "value_bands", "1.5", bands=[("200", "1.5"), ("120", "1"), ("60", "0.5"), ("0", "0")],
                 unit="lượt", raw_labels=["Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng"],
                 evidence="Kế hoạch và báo cáo kết quả đào tạo, bồi dưỡng", sim={"range": (110, 320)}),
        ]),
        node("5.4", "Kỷ luật, kỷ cương hành chính", [
            leaf("5.4.1", "Tổ chức kiểm tra công vụ, chấp hành kỷ luật, kỷ cương hành chính", "manual",
                 "1.5", G_full_part("1.5", "Thực hiện đầy đủ", "thực hiện chưa đầy đủ"),
                 evidence="Kế hoạch kiểm tra công vụ; thông báo kết quả kiểm tra"),
            leaf("5.4.2", "Không có cán bộ lãnh đạo, quản lý bị xử lý kỷ luật trong năm", "yes_no", "2",
                 "Không có lãnh đạo, quản lý bị kỷ luật: 2 điểm; có: 0 điểm.",
                 raw_labels=["Không có lãnh đạo, quản lý bị kỷ luật (1 = đúng, 0 = có)"],
                 evidence=None, sim={"p": 0.8}),
        ]),
    ])
    a6 = node("6", "Cải cách tài chính công", [
        node("6.1", "Quản lý, sử dụng ngân sách", [
            leaf("6.1.1", "Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch", "ratio_bands", "2",
                 bands=[("95", "2"), ("80", "1"), ("0", "0")], top100=False,
                 raw_labels=["Số vốn đã giải ngân (triệu đồng)", "Kế hoạch vốn được giao (triệu đồng)"],
                 evidence="Báo cáo giải ngân vốn đầu tư công",
                 sim={"den": (60000, 350000), "pct": (62, 100)}),
            leaf("6.1.2", "Tỷ lệ thu ngân sách nhà nước trên địa bàn so với dự toán", "ratio_bands", "1.5",
                 bands=[("100", "1.5"), ("90", "1"), ("0", "0")], top100=False,
                 raw_labels=["Số thu thực hiện (triệu đồng)", "Dự toán thu được giao (triệu đồng)"],
                 evidence="Báo cáo quyết toán thu ngân sách",
                 sim={"den": (20000, 180000), "pct": (88, 125), "over": True}),
        ]),
        node("6.2", "Cơ chế tự chủ tài chính", [
            leaf("6.2.1", "Thực hiện cơ chế tự chủ tại các cơ quan hành chính", "manual", "1",
                 G_full_part("1", "100% cơ quan thực hiện", "có cơ quan chưa thực hiện"),
                 evidence="Quyết định giao biên chế và kinh phí tự chủ"),
            leaf("6.2.2", "Thực hiện cơ chế tự chủ tại các đơn vị sự nghiệp công lập", "manual", "1",
                 G_full_part("1", "100% đơn vị thực hiện", "có đơn vị chưa thực hiện"),
                 evidence="Quyết định giao quyền tự chủ cho đơn vị sự nghiệp"),
        ]),
        node("6.3", "Thực hành tiết kiệm, chống lãng phí", [
            leaf("6.3.1", "Ban hành và thực hiện chương trình thực hành tiết kiệm, chống lãng phí", "manual",
                 "1.5", G_ontime("1.5"), evidence="Quyết định ban hành chương trình THTK, CLP năm"),
        ]),
    ])
    a7 = node("7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", [
        node("7.1", "Ứng dụng công nghệ thông tin trong quản lý, điều hành", [
            leaf("7.1.1", "Tỷ lệ văn bản đi được ký số, gửi nhận trên môi trường điện tử", "ratio_bands", "2.5",
                 bands=[("100", "2.5"), ("95", "1.5"), ("90", "1"), ("0", "0")],
                 raw_labels=["Số văn bản đi được ký số, gửi điện tử", "Tổng số văn bản đi (trừ văn bản mật)"],
                 evidence="Báo cáo trích xuất từ hệ thống quản lý văn bản và điều hành",
                 sim={"den": (2500, 9000), "pct": SIGN_PCT, "full": 0.15}),
            leaf("7.1.2", "Kết nối, liên thông hệ thống quản lý văn bản và điều hành 4 cấp", "manual", "1",
                 G_full_part("1", "Kết nối đầy đủ", "kết nối chưa đầy đủ"), evidence=None),
        ]),
        node("7.2", "Cung cấp dịch vụ công trực tuyến", [
            leaf("7.2.1", "Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trực tuyến", "ratio_bands", "4",
                 bands=ONLINE_BANDS_DISTRICT, top100=False,
                 raw_labels=["Số hồ sơ tiếp nhận trực tuyến", "Tổng số hồ sơ tiếp nhận"],
                 evidence="Báo cáo trích xuất từ Cổng Dịch vụ công và Hệ thống thông tin giải quyết TTHC",
                 sim={"den": "received", "pct": ONLINE_PCT_DISTRICT, "real": "online"}),
            leaf("7.2.2", "Tỷ lệ hồ sơ TTHC có thanh toán trực tuyến phí, lệ phí", "ratio_bands", "1.5",
                 bands=[("50", "1.5"), ("30", "1"), ("10", "0.5"), ("0", "0")], top100=False,
                 raw_labels=["Số hồ sơ thanh toán trực tuyến", "Tổng số hồ sơ có phát sinh phí, lệ phí"],
                 evidence="Báo cáo trích xuất từ Cổng Dịch vụ công quốc gia",
                 sim={"den": (600, 4000), "pct": PAYMENT_PCT}),
            leaf("7.2.3", "Cung cấp đầy đủ dịch vụ công trực tuyến toàn trình theo danh mục được công bố",
                 "manual", "1", G_full_part("1", "Cung cấp đầy đủ", "cung cấp chưa đầy đủ"),
                 evidence="Danh mục dịch vụ công trực tuyến"),
        ]),
        node("7.3", "Trang thông tin điện tử", [
            leaf("7.3.1", "Cập nhật Trang thông tin điện tử huyện theo quy định", "manual", "1",
                 G_full_part("1", "Cập nhật đầy đủ, thường xuyên", "cập nhật chưa thường xuyên"),
                 evidence="Ảnh chụp, đường dẫn chuyên mục CCHC"),
            leaf("7.3.2", "Số tin, bài về CCHC đăng trên Trang thông tin điện tử huyện", "count_cap", "1",
                 "Mỗi tin, bài: 0,05 điểm; tối đa 1 điểm.", per_unit="0.05",
                 raw_labels=["Số tin, bài đã đăng trong năm"], evidence="Danh sách tin, bài kèm đường dẫn",
                 sim={"range": (8, 26)}),
        ]),
        node("7.4", "Chuyển đổi số", [
            leaf("7.4.1", "Ban hành kế hoạch chuyển đổi số năm", "manual", "1", G_ontime("1"),
                 evidence="Kế hoạch chuyển đổi số năm"),
            leaf("7.4.2", "Bảo đảm an toàn thông tin mạng", "manual", "2",
                 G_full_part("2", "Không để xảy ra sự cố, thực hiện đầy đủ biện pháp",
                             "thực hiện chưa đầy đủ biện pháp"),
                 evidence="Báo cáo công tác bảo đảm an toàn thông tin"),
        ]),
    ])
    a8 = node("8", "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội", [
        node("8.1", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính", [
            leaf("8.1.1", "Tiếp cận dịch vụ hành chính công", "survey", "3", SURVEY_G),
            leaf("8.1.2", "Thủ tục hành chính", "survey", "3", SURVEY_G),
            leaf("8.1.3", "Sự phục vụ của công chức", "survey", "3", SURVEY_G),
            leaf("8.1.4", "Kết quả giải quyết thủ tục hành chính", "survey", "3", SURVEY_G),
            leaf("8.1.5", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "survey", "3", SURVEY_G),
        ]),
        node("8.2", "Đánh giá của đại biểu HĐND, lãnh đạo các cơ quan, đơn vị", [
            leaf("8.2.1", "Công tác chỉ đạo, điều hành CCHC", "survey", "3", SURVEY_G),
            leaf("8.2.2", "Cải cách thể chế", "survey", "2", SURVEY_G),
            leaf("8.2.3", "Cải cách thủ tục hành chính", "survey", "3", SURVEY_G),
            leaf("8.2.4", "Cải cách tổ chức bộ máy và chế độ công vụ", "survey", "3", SURVEY_G),
            leaf("8.2.5", "Tác động của CCHC đến phát triển kinh tế - xã hội", "survey", "4", SURVEY_G),
        ]),
    ])
    a9 = node("9", "Điểm thưởng, điểm trừ", [
        node("9.1", "Điểm thưởng", [
            leaf("9.1.1", "Có mô hình, sáng kiến CCHC được UBND tỉnh công nhận, nhân rộng", "bonus", "1.5",
                 "Mỗi mô hình, sáng kiến: cộng 0,5 điểm; tối đa 1,5 điểm.",
                 evidence="Quyết định công nhận mô hình, sáng kiến"),
            leaf("9.1.2", "Tập thể, cá nhân được khen thưởng về thành tích CCHC", "bonus", "1",
                 "Khen thưởng cấp bộ, cấp tỉnh trở lên: cộng 1 điểm; giấy khen: cộng 0,5 điểm.",
                 evidence="Quyết định khen thưởng"),
            leaf("9.1.3", "Tăng hạng Chỉ số CCHC so với năm trước", "bonus", "1",
                 "Tăng từ 3 bậc trở lên: cộng 1 điểm; tăng 1 - 2 bậc: cộng 0,5 điểm.", evidence=None),
        ]),
        node("9.2", "Điểm trừ", [
            leaf("9.2.1", "Bị UBND tỉnh phê bình, nhắc nhở về công tác CCHC", "penalty", "1.5",
                 "Mỗi văn bản phê bình, nhắc nhở: trừ 0,5 điểm; tối đa trừ 1,5 điểm.", evidence=None),
            leaf("9.2.2", "Chậm gửi báo cáo tự đánh giá, chấm điểm Chỉ số CCHC", "penalty", "1",
                 "Chậm dưới 5 ngày làm việc: trừ 0,5 điểm; chậm từ 5 ngày làm việc trở lên: trừ 1 điểm.",
                 evidence=None),
            leaf("9.2.3", "Để xảy ra sai phạm trong giải quyết TTHC bị xử lý", "penalty", "1.5",
                 "Mỗi trường hợp: trừ 0,5 điểm; tối đa trừ 1,5 điểm.", evidence=None),
        ]),
    ])
    return [a1, a2, a3, a4, a5, a6, a7, a8, a9]


COMMUNE_DECISIONS = {
    2021: ("245/QĐ-UBND", "2021-03-12", "UBND huyện Thạch An"),
    2022: ("612/QĐ-UBND", "2022-04-08", "UBND huyện Thạch An"),
    2023: ("498/QĐ-UBND", "2023-03-21", "UBND huyện Thạch An"),
    2024: ("533/QĐ-UBND", "2024-03-28", "UBND huyện Thạch An"),
    2025: ("1872/QĐ-UBND", "2025-10-15", "UBND tỉnh Cao Bằng"),
}
DISTRICT_DECISIONS = {
    2021: ("1521/QĐ-UBND", "2021-08-20"),
    2022: ("386/QĐ-UBND", "2022-03-30"),
    2023: ("412/QĐ-UBND", "2023-04-05"),
    2024: ("298/QĐ-UBND", "2024-03-15"),
}
CLASS_BANDS = [("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]


def make_set(level, year):
    if level == "commune":
        dec, dd, issuer = COMMUNE_DECISIONS[year]
        nodes = commune_tree(year)
        name = ("Bộ chỉ số CCHC cấp xã áp dụng sau sắp xếp đơn vị hành chính (minh họa)" if year >= 2025
                else "Bộ chỉ số CCHC cấp xã (minh họa)")
    else:
        dec, dd = DISTRICT_DECISIONS[year]
        issuer = "UBND tỉnh Cao Bằng"
        nodes = district_tree(year)
        name = "Bộ chỉ số CCHC cấp huyện (minh họa)"
    s = {"level": level, "name": name, "year": year, "decision": dec, "decision_date": dd,
         "issuer": issuer, "max_total": "100", "ranking": "competition", "precision": 2,
         "bands": [{"name": n, "min": str(m)} for n, m in CLASS_BANDS],
         "bonus_cap": "3", "penalty_cap": "3", "nodes": nodes}
    return s


def leaves_of(nodes):
    out = []
    for n in nodes:
        if "children" in n:
            out.extend(leaves_of(n["children"]))
        else:
            out.append(n)
    return out


def check_set(s):
    ls = leaves_of(s["nodes"])
    codes = [l["code"] for l in ls]
    assert len(codes) == len(set(codes))
    scored = [l for l in ls if l["kind"] not in ("bonus", "penalty")]
    survey = [l for l in ls if l["kind"] == "survey"]
    assert sum(M(l["max"]) for l in scored) == M(s["max_total"]), (s["level"], s["year"])
    assert sum(M(l["max"]) for l in survey) == M("30")
    for l in survey:
        assert l["code"].startswith("8.")
    for l in ls:
        if l["code"].startswith("9."):
            assert l["kind"] in ("bonus", "penalty")
        else:
            assert l["kind"] not in ("bonus", "penalty")
        if l["kind"] in ("ratio_bands", "value_bands"):
            mins = [Fraction(b["min"]) for b in l["bands"]]
            assert mins == sorted(mins, reverse=True) and mins[-1] == 0
            assert len(l["raw_labels"]) == (2 if l["kind"] == "ratio_bands" else 1)
        if l["kind"] == "count_cap":
            assert "per_unit" in l
    kinds = [l["kind"] for l in ls]
    assert len(scored) >= 30
    assert kinds.count("ratio_bands") >= 3 and "value_bands" in kinds and "yes_no" in kinds
    assert "count_cap" in kinds and kinds.count("bonus") >= 2 and kinds.count("penalty") >= 2
    nas = [l["na"] for l in ls]
    assert "exclude" in nas and "full_points" in nas
    # depth 2..4 codes
    for l in ls:
        assert 2 <= len(l["code"].split(".")) <= 4


# ----------------------------------------------------------------------------------------
# scoring rule (independent of generation)
# ----------------------------------------------------------------------------------------
def band_points(l, raw):
    """points (milli) that a banded/yes_no/count leaf gives for raw figures."""
    k = l["kind"]
    if k == "ratio_bands":
        num, den = raw
        assert den > 0
        pct = Fraction(num * 100, den)
        for b in l["bands"]:
            if pct >= Fraction(b["min"]):
                return M(b["points"])
        raise AssertionError
    if k == "value_bands":
        (v,) = raw
        for b in l["bands"]:
            if Fraction(v) >= Fraction(b["min"]):
                return M(b["points"])
        raise AssertionError
    if k == "yes_no":
        (v,) = raw
        assert v in (0, 1)
        return M(l["max"]) if v == 1 else 0
    if k == "count_cap":
        (c,) = raw
        return min(c * M(l["per_unit"]), M(l["max"]))
    raise AssertionError(k)


def effective(e, stage="final"):
    for key in ("final", "round1", "self"):
        if key in e:
            return M(e[key])
    return None


def compute_index(s, a):
    """Return Fraction index (%) of assessment a under index set s, per the documented rule."""
    ls = leaves_of(s["nodes"])
    num = 0
    den = 0
    bonus = 0
    pen = 0
    for l in ls:
        k = l["kind"]
        mx = M(l["max"])
        if k == "survey":
            den += mx
            v = a.get("survey", {}).get(l["code"])
            if v is not None:
                assert 0 <= M(v) <= mx
                num += M(v)
            continue
        e = a["scores"].get(l["code"])
        if k in ("bonus", "penalty"):
            p = effective(e) if e else 0
            assert 0 <= (p or 0) <= mx
            if k == "bonus":
                bonus += p or 0
            else:
                pen += p or 0
            continue
        if e is not None and "na" in e:
            assert l["na"] != "not_allowed"
            if l["na"] == "exclude":
                continue
            den += mx
            num += mx
            continue
        den += mx
        if e is not None:
            p = effective(e)
            if p is not None:
                assert 0 <= p <= mx, (l["code"], p)
                num += p
    num += min(bonus, M(s["bonus_cap"])) - min(pen, M(s["penalty_cap"]))
    return Fraction(num * 100, den)


def classify(s, idx_str):
    v = Fraction(idx_str)
    for b in s["bands"]:
        if v >= Fraction(b["min"]):
            return b["name"]


def rank_competition(values):
    """values: dict unit -> index string; competition ranking (1,1,3)."""
    out = {}
    for u, v in values.items():
        out[u] = 1 + sum(1 for w in values.values() if Fraction(w) > Fraction(v))
    return out


# ----------------------------------------------------------------------------------------
# synthetic scores
# ----------------------------------------------------------------------------------------
AREA_LOSS_WEIGHT = {"1": 1.0, "2": 0.55, "3": 2.4, "4": 0.5, "5": 0.8, "6": 0.8, "7": 2.4}

CUT_REASONS = [
    "Tài liệu kiểm chứng chưa đầy đủ: chưa có {ev}.",
    "Tài liệu kiểm chứng không thể hiện đầy đủ nội dung theo hướng dẫn chấm điểm.",
    "Văn bản ban hành sau thời hạn quy định.",
    "Nội dung thực hiện chưa đầy đủ so với kế hoạch đề ra.",
    "Qua kiểm tra thực tế, một số nội dung chưa thực hiện đúng quy định.",
    "Tự chấm chưa đúng hướng dẫn chấm điểm của Bộ chỉ số.",
]
EXPLAIN = [
    "Đơn vị bổ sung {ev} kèm văn bản giải trình.",
    "Đơn vị giải trình: văn bản ban hành chậm do kiện toàn nhân sự, đề nghị Hội đồng xem xét.",
    "Đơn vị đã hoàn thiện nội dung còn thiếu, gửi bổ sung tài liệu kiểm chứng.",
    "Đơn vị giải trình số liệu và gửi kèm báo cáo trích xuất từ hệ thống.",
]
ACCEPT = [
    "Chấp nhận giải trình, tài liệu bổ sung hợp lệ.",
    "Chấp nhận một phần giải trình của đơn vị.",
    "Hội đồng thẩm định thống nhất điều chỉnh theo tài liệu bổ sung.",
]
REJECT = [
    "Không chấp nhận giải trình: tài liệu bổ sung ban hành sau thời điểm chốt số liệu.",
    "Giữ nguyên kết quả thẩm định vòng 1 do tài liệu bổ sung không đáp ứng yêu cầu.",
]
RAISE = ["Đơn vị tự chấm thiếu; tài liệu kiểm chứng đủ điều kiện đạt điểm cao hơn."]
SELF_NOTES = [
    "Đã tổ chức thực hiện đầy đủ theo kế hoạch.",
    "Tự chấm căn cứ báo cáo kết quả thực hiện năm.",
    "Không có tài liệu kiểm chứng riêng; đơn vị giải trình bằng văn bản kèm theo.",
    "Tài liệu kiểm chứng đã tải lên hệ thống.",
]


def is_binary(l):
    """manual leaf whose guidance only knows max / 0 (no half points)."""
    half = M(l["max"]) // 2
    return f"{vn_pts(half)} điểm" not in l["guidance"]


def cut_reason(l, rng):
    ev = lower_ev(l["evidence"])
    pool = [r for r in CUT_REASONS if "{ev}" not in r or l["evidence"]]
    if "đúng thời hạn" in l["guidance"] and rng.random() < 0.5:
        return "Văn bản ban hành sau thời hạn quy định."
    pool = [r for r in pool if not r.startswith("Văn bản ban hành")]
    return rng.choice(pool).format(ev=ev)


def lower_ev(ev):
    if not ev:
        return "tài liệu kiểm chứng"
    return ev[0].lower() + ev[1:]


def sim_range(spec, year):
    if isinstance(spec, dict):
        return spec[year]
    return spec


def gen_raw(l, sim, year, q, rng, ctx, unit, level):
    """Generate raw figures for a banded leaf; returns raw list."""
    k = l["kind"]
    if k == "yes_no":
        p = min(0.99, sim.get("p", 0.85) + (q - 0.5) * 0.2)
        return [1 if rng.random() < p else 0]
    if k == "count_cap":
        lo, hi = sim["range"]
        t = min(1, max(0, rng.random() * 0.6 + q * 0.5))
        return [int(round(lo + (hi - lo) * t))]
    if k == "value_bands":
        lo, hi = sim["range"]
        t = min(1, max(0, rng.random() * 0.7 + q * 0.4))
        return [int(round(lo + (hi - lo) * t))]
    # ratio
    real = real_figures(level, year, unit)
    if real and sim.get("real"):
        return list(real[sim["real"]])
    if "apology_of" in sim:
        num0, den0 = ctx["raw"][sim["apology_of"]]
        late = den0 - num0
        if late == 0:
            return None
        miss = 0 if rng.random() < 0.55 + q * 0.3 else rng.randint(1, max(1, late // 3))
        return [late - min(miss, late), late]
    den = sim["den"]
    if den == "solved":
        den = ctx["solved"]
    elif den == "received":
        den = ctx["received"]
    else:
        den = rng.randint(*den)
    if sim.get("full") is not None and rng.random() < sim["full"] * (0.6 + q * 0.8):
        return [den, den]
    lo, hi = sim_range(sim["pct"], year)
    t = min(1.0, max(0.0, rng.random() * 0.65 + q * 0.45))
    pct = lo + (hi - lo) * t
    num = int(den * pct / 100)
    if not sim.get("over"):
        num = min(num, den if pct >= 100 else den - 1 if den > 1 else den)
    return [max(0, num), den]


def lower_band_points(l, p):
    vals = sorted({M(b["points"]) for b in l["bands"]}, reverse=True)
    lower = [v for v in vals if v < p]
    return lower[0] if lower else None


def fmt_ratio(num, den):
    return f"{vn_num(num)}/{vn_num(den)} ({vn_num(Fraction(num * 100, den), 2)}%)"


def gen_assessment(s, level, year, unit, target, rng, status="final", fill=1.0, survey=True):
    """Generate one unit's assessment whose index is close to target (% as Fraction)."""
    ls = leaves_of(s["nodes"])
    q = max(0.0, min(1.0, (float(target) - 70) / 25))
    ctx = {"raw": {}}
    vol = (VOLUME_COMMUNE if level == "commune" else VOLUME_DISTRICT)[year]
    received = rng.randint(*vol)
    real = real_figures(level, year, unit)
    if real:
        received = real["online"][1]
    ctx["received"] = received
    ctx["solved"] = received - rng.randint(0, max(1, received // 150))
    if real:
        ctx["solved"] = real["ontime"][1]
    scores = {}
    final = {}   # code -> milli points (effective)
    excluded = 0
    fullna = 0
    # ---- N/A decisions and banded leaves
    for l in ls:
        k = l["kind"]
        sim = l["_sim"]
        if k in ("survey", "bonus", "penalty"):
            continue
        if l["na"] != "not_allowed" and "apology_of" not in sim:
            if unit in s["_na_units"].get(l["code"], ()):
                scores[l["code"]] = {"na": sim["na_reason"].format(y=year)}
                if l["na"] == "exclude":
                    excluded += M(l["max"])
                else:
                    fullna += M(l["max"])
                continue
        if k == "manual":
            continue
        raw = gen_raw(l, sim, year, q, rng, ctx, unit, level)
        if raw is None:  # apology leaf with no late dossier
            scores[l["code"]] = {"na": sim["na_reason"].format(y=year)}
            if l["na"] == "exclude":
                excluded += M(l["max"])
            else:
                fullna += M(l["max"])
            continue
        ctx["raw"][l["code"]] = raw
        p = band_points(l, raw)
        e = {"raw": raw, "self": P(p)}
        scores[l["code"]] = e
        final[l["code"]] = p
        # occasionally the council corrects a figure from the provincial system
        if (k == "ratio_bands" and status in ("final", "appraised") and rng.random() < 0.07
                and not (level == "district" and unit == "053")):
            lp = lower_band_points(l, p)
            if lp is not None and raw[1] > 3:
                lb = [b for b in l["bands"] if M(b["points"]) == p][0]
                t = Fraction(lb["min"]) * raw[1] / 100
                n2 = -(-t.numerator // t.denominator) - 1  # largest figure below the band
                if n2 >= 0 and n2 >= raw[0] * 0.85 and n2 < raw[0]:
                    e["round1"] = P(band_points(l, [n2, raw[1]]))
                    if "hồ sơ" in l["raw_labels"][1]:
                        e["round1_reason"] = ("Đối chiếu số liệu trên Hệ thống thông tin giải quyết TTHC "
                                              f"tỉnh: {fmt_ratio(n2, raw[1])}, không khớp với số liệu đơn vị "
                                              "tự báo cáo.")
                    else:
                        e["round1_reason"] = ("Đối chiếu tài liệu kiểm chứng, số liệu xác định được là "
                                              f"{fmt_ratio(n2, raw[1])}; đơn vị tự báo cáo chưa chính xác.")
                    final[l["code"]] = band_points(l, [n2, raw[1]])
    # consistency: CBCC disciplined -> penalty 9.2.3 (commune)
    # ---- bonus / penalty
    bp = {}
    for l in ls:
        if l["kind"] == "bonus":
            mx = M(l["max"])
            r = rng.random()
            if r < 0.15 + q * 0.55:
                step = 500
                v = min(mx, step * rng.randint(1, max(1, mx // step)))
                if rng.random() < 0.5:
                    v = step
                bp[l["code"]] = v
            else:
                bp[l["code"]] = 0
        elif l["kind"] == "penalty":
            mx = M(l["max"])
            r = rng.random()
            v = 0
            if r < 0.28 - q * 0.2:
                v = 500
            if l["code"] == "9.2.3" and level == "commune":
                v = 500 if ctx["raw"].get("5.4.2") == [0] and rng.random() < 0.7 else 0
            bp[l["code"]] = min(v, mx)
    bonus_c = min(sum(v for c, v in bp.items() if c.startswith("9.1")), M(s["bonus_cap"]))
    pen_c = min(sum(v for c, v in bp.items() if c.startswith("9.2")), M(s["penalty_cap"]))
    # ---- survey share and manual losses
    den = 100000 - excluded
    target_num = Fraction(target) * den / 100  # milli
    s_frac = min(0.975, max(0.76, 0.81 + (float(target) - 80) / 95 + rng.uniform(-0.03, 0.03)))
    survey_goal = int(30000 * s_frac)
    manual = [l for l in ls if l["kind"] == "manual" and l["code"] not in scores]
    banded_sum = sum(final.values())
    manual_max = sum(M(l["max"]) for l in manual)
    need_manual = int(target_num) - survey_goal - bonus_c + pen_c - banded_sum - fullna
    loss = manual_max - need_manual
    # manual points follow the guidance grid: max / half / 0 (binary leaves: max / 0)
    mpts = {l["code"]: M(l["max"]) for l in manual}
    mxs = {l["code"]: M(l["max"]) for l in manual}
    allow0 = {l["code"]: rng.random() < 0.05 for l in manual}
    weights = {l["code"]: AREA_LOSS_WEIGHT[l["code"].split(".")[0]] for l in manual}

    def next_step(c):
        if is_binary(leaf_by[c]):
            return None
        if mpts[c] == mxs[c]:
            return mxs[c] - mxs[c] // 2
        if mpts[c] == mxs[c] // 2 and allow0[c]:
            return mpts[c]
        return None
    leaf_by = {l["code"]: l for l in manual}
    guard = 0
    while loss > 150 and guard < 500:
        guard += 1
        cand = [c for c in mpts if next_step(c) is not None and next_step(c) <= loss + 300]
        if not cand:
            break
        c = rng.choices(cand, weights=[weights[x] for x in cand])[0]
        st = next_step(c)
        mpts[c] -= st
        loss -= st
    for c, v in mpts.items():
        final[c] = v
    # ---- survey exact fill
    appraised_sum = sum(final.values()) + fullna
    survey_total = int(round(float(target_num))) - appraised_sum - bonus_c + pen_c
    survey_total = (survey_total // 10) * 10  # survey points have 2 decimals
    # fine-tune to land on target after rounding
    sv_leaves = [l for l in ls if l["kind"] == "survey"]
    ok_survey = 0.70 * 30000 <= survey_total <= 0.985 * 30000
    surv = {}
    if ok_survey:
        rem = survey_total
        maxes = [M(l["max"]) for l in sv_leaves]
        share = Fraction(survey_total, 30000)
        vals = []
        for l in sv_leaves:
            mx = M(l["max"])
            f = float(share) + rng.uniform(-0.04, 0.04)
            v = int(mx * min(0.995, max(0.5, f)) / 10) * 10
            vals.append(v)
        diff = survey_total - sum(vals)
        i = 0
        while diff != 0 and i < 10000:
            j = i % len(vals)
            stepv = 10 if diff > 0 else -10
            if 0 <= vals[j] + stepv <= maxes[j] - (0 if diff < 0 else 0):
                if vals[j] + stepv <= maxes[j]:
                    vals[j] += stepv
                    diff -= stepv
            i += 1
        assert diff == 0
        for l, v in zip(sv_leaves, vals):
            surv[l["code"]] = P(v)
    # ---- appraisal history for manual and bonus/penalty leaves
    for l in ls:
        k = l["kind"]
        c = l["code"]
        if k == "survey":
            continue
        if k in ("bonus", "penalty"):
            v = bp[c]
            e = {"self": P(v)}
            if k == "penalty" and v > 0 and rng.random() < 0.6 and status in ("final", "appraised"):
                e = {"self": "0", "round1": P(v),
                     "round1_reason": "Hội đồng thẩm định áp dụng điểm trừ theo kết quả kiểm tra, "
                                      "theo dõi của cơ quan thường trực CCHC."}
            elif k == "bonus" and v > 0 and rng.random() < 0.3 and status in ("final", "appraised"):
                e = {"self": P(min(M(l["max"]), v + 500))}
                if M(e["self"]) != v:
                    e["round1"] = P(v)
                    e["round1_reason"] = "Chỉ tính các quyết định công nhận, khen thưởng ban hành trong năm đánh giá."
            scores[c] = e
            continue
        if c in scores and "na" in scores[c]:
            continue
        if k != "manual":
            continue
        fv = final[c]
        mx = M(l["max"])
        half = mx // 2
        e = {}
        r = rng.random()
        w = AREA_LOSS_WEIGHT[c.split(".")[0]]
        p_cut = 0.25 + 0.12 * w
        ev = lower_ev(l["evidence"])
        if status in ("final", "appraised") and r < p_cut and fv < mx:
            # unit over-claimed; council cut in round 1
            over = mx if (fv == half or rng.random() < 0.6) else half
            r2 = rng.random()
            if r2 < 0.3 and fv == half and status == "final":
                # council cut deeper; explanation accepted in round 2
                e = {"self": P(over), "round1": "0",
                     "round1_reason": cut_reason(l, rng),
                     "explanation": rng.choice(EXPLAIN).format(ev=ev),
                     "final": P(fv), "final_reason": rng.choice(ACCEPT)}
            elif r2 < 0.55 and status == "final":
                e = {"self": P(over), "round1": P(fv),
                     "round1_reason": cut_reason(l, rng),
                     "explanation": rng.choice(EXPLAIN).format(ev=ev),
                     "final": P(fv), "final_reason": rng.choice(REJECT)}
            else:
                e = {"self": P(over), "round1": P(fv),
                     "round1_reason": cut_reason(l, rng)}
        elif (status in ("final", "appraised") and fv == mx and not is_binary(l)
              and rng.random() < 0.012):
            e = {"self": P(half), "round1": P(fv), "round1_reason": rng.choice(RAISE)}
        else:
            e = {"self": P(fv)}
            if rng.random() < 0.12:
                e["self_note"] = rng.choice(SELF_NOTES)
        scores[c] = e
    # key order and explicit final/round1
    out = {}
    for l in ls:
        c = l["code"]
        if c not in scores:
            continue
        e = scores[c]
        if "na" in e:
            out[c] = e
            continue
        eff = M(e.get("round1", e["self"]))
        o = {}
        for key in ("raw", "self", "self_note", "round1", "round1_reason", "explanation"):
            if key in e:
                o[key] = e[key]
        if status == "final":
            fin = M(e["final"]) if "final" in e else eff
            o["final"] = P(fin)
            if "final_reason" in e:
                o["final_reason"] = e["final_reason"]
            assert fin == final.get(c, bp.get(c)), (c, fin)
        elif status == "appraised":
            o["round1"] = P(eff)
            o.pop("explanation", None)
        else:
            o.pop("round1", None)
            o.pop("round1_reason", None)
            o.pop("explanation", None)
        out[c] = o
    # order keys of entries as documented
    keyorder = ["na", "raw", "self", "self_note", "round1", "round1_reason", "explanation", "final",
                "final_reason"]
    out = {c: {k: e[k] for k in keyorder if k in e} for c, e in out.items()}
    if status in ("draft",):
        # One-stop figures come from the province's system: a draft has them first.
        fixed = {l["code"] for l in ls if real and l["_sim"].get("real")} & set(out)
        codes = [c for c in out if c not in fixed]
        keep = set(rng.sample(codes, int(len(out) * fill) - len(fixed))) | fixed
        out = {c: e for c, e in out.items() if c in keep}
    a = {"unit": unit, "status": status, "scores": out}
    if survey and ok_survey:
        a["survey"] = surv
    return a, ok_survey


def pick_na_units(s, units, rng):
    res = {}
    for l in leaves_of(s["nodes"]):
        sim = l["_sim"]
        if "na_p" not in sim:
            continue
        p = sim["na_p"]
        if isinstance(p, dict):
            p = p[s["year"]]
        if p == "one":
            res[l["code"]] = set(rng.sample(units, 1))
        else:
            res[l["code"]] = {u for u in units if rng.random() < p}
    return res


def strip_private(s):
    t = {k: v for k, v in s.items() if not k.startswith("_")}
    def clean(ns):
        out = []
        for n in ns:
            m = {k: v for k, v in n.items() if not k.startswith("_")}
            if "children" in m:
                m["children"] = clean(m["children"])
            out.append(m)
        return out
    t["nodes"] = clean(s["nodes"])
    return t


# ---------- targets ---------------------------------------------------------------------
DISTRICT_RANK = {2021: 5, 2022: 6, 2023: 9, 2024: 2}
COMMUNE_TOT = {2021: 0, 2022: 5, 2023: 0, 2024: 1}
STRENGTH = None


def district_targets(year, rng):
    base = {"040": 4.5, "042": -2.0, "043": -1.5, "045": 0.5, "047": 1.5, "048": -1.0, "049": 1.0,
            "051": 2.0, "052": -2.5}
    lvl = {2021: 82.0, 2022: 83.5, 2023: 84.5, 2024: 85.0}[year]
    r = DISTRICT_RANK[year]
    for _ in range(1000):
        others = {}
        for c, b in base.items():
            others[c] = Fraction(round(lvl + b + rng.uniform(-3.2, 3.2), 2)).limit_denominator(100)
        vals = sorted(others.values(), reverse=True)
        if len(set(vals)) != len(vals):
            continue
        hi = vals[r - 2] if r >= 2 else Fraction(96)
        lo = vals[r - 1] if r - 1 < len(vals) else Fraction(72)
        if hi - lo < Fraction(14, 10):
            continue
        ta = Fraction(round(float(lo + (hi - lo) * Fraction(rng.randint(35, 65), 100)), 2)).limit_denominator(100)
        if not (Fraction(73) <= ta <= Fraction(8950, 100)):
            continue
        if min(vals) < 72 or max(vals) > 95.5:
            continue
        # keep clear of band edges for everybody
        if any(abs(v - 90) < Fraction(3, 10) for v in vals):
            continue
        others["053"] = ta
        return others
    raise RuntimeError("no district targets")


def commune_targets(year, rng, units):
    global STRENGTH
    if STRENGTH is None:
        r0 = random.Random("parindex-demo-commune-strength")
        STRENGTH = {u: r0.uniform(-1, 1) for u in COMMUNE_CODES}
    n_tot = COMMUNE_TOT[year]
    score = {u: STRENGTH[u] + rng.uniform(-0.7, 0.7) for u in units}
    order = sorted(units, key=lambda u: -score[u])
    ranges = {2021: (74.0, 88.4), 2022: (77.0, 88.8), 2023: (73.0, 87.6), 2024: (76.0, 89.2)}[year]
    lo, hi = ranges
    for _ in range(1000):
        tops = sorted((round(rng.uniform(90.4, 94.6), 2) for _ in range(n_tot)), reverse=True)
        rest = sorted((round(rng.uniform(lo, hi), 2) for _ in range(len(units) - n_tot)), reverse=True)
        vals = tops + rest
        if len(set(vals)) != len(vals):
            continue
        if min(b - a for a, b in zip(sorted(vals), sorted(vals)[1:])) < 0.05:
            continue
        return {u: Fraction(str(v)) for u, v in zip(order, vals)}
    raise RuntimeError


# ----------------------------------------------------------------------------------------
def gen_year(level, year, s):
    units = DISTRICT_CODES if level == "district" else COMMUNE_CODES
    for attempt in range(200):
        rng = random.Random(f"parindex-demo-{level}-{year}-{attempt}")
        s["_na_units"] = pick_na_units(s, units, rng)
        targets = district_targets(year, rng) if level == "district" else commune_targets(year, rng, units)
        assessments = []
        ok = True
        for u in units:
            a, good = gen_assessment(s, level, year, u, targets[u], rng)
            if not good:
                ok = False
                break
            assessments.append(a)
        if not ok:
            continue
        idx = {a["unit"]: round_half_up_str(compute_index(s, a)) for a in assessments}
        if len(set(idx.values())) != len(idx):
            continue
        if not check_targets(level, year, s, idx):
            continue
        return assessments, idx, attempt
    raise RuntimeError(f"could not reach targets for {level} {year}")


def check_targets(level, year, s, idx):
    cls = {u: classify(s, v) for u, v in idx.items()}
    rk = rank_competition(idx)
    vals = [Fraction(v) for v in idx.values()]
    if min(vals) < 72 or max(vals) > 95.5:
        return False
    if level == "district":
        return rk["053"] == DISTRICT_RANK[year] and cls["053"] == "Khá"
    tot = sum(1 for c in cls.values() if c == "Tốt")
    kha = sum(1 for c in cls.values() if c == "Khá")
    return tot == COMMUNE_TOT[year] and kha == 14 - COMMUNE_TOT[year]


def validate_assessment(s, a, status):
    ls = leaves_of(s["nodes"])
    for l in ls:
        c = l["code"]
        e = a["scores"].get(c)
        if l["kind"] == "survey":
            assert e is None
            continue
        if status in ("final", "appraised", "submitted"):
            assert e is not None, (a["unit"], c)
        if e is None:
            continue
        if "na" in e:
            assert l["na"] != "not_allowed" and len(e) == 1
            continue
        mx = M(l["max"])
        for key in ("self", "round1", "final"):
            if key in e:
                assert 0 <= M(e[key]) <= mx, (c, key)
        if l["kind"] in ("ratio_bands", "value_bands", "yes_no", "count_cap"):
            assert "raw" in e and band_points(l, e["raw"]) == M(e["self"]), (a["unit"], c, e)
            if l["kind"] == "ratio_bands":
                assert len(e["raw"]) == 2 and e["raw"][1] > 0
            else:
                assert len(e["raw"]) == 1
        if "round1" in e and M(e["round1"]) != M(e["self"]):
            assert e.get("round1_reason"), (c, e)
        prev = M(e.get("round1", e["self"]))
        if "final" in e and M(e["final"]) != prev:
            assert e.get("final_reason"), (c, e)
        if status == "final":
            assert "final" in e
        if status == "appraised":
            assert "round1" in e and "final" not in e
        if status == "submitted":
            assert "round1" not in e and "final" not in e
    for c, v in a.get("survey", {}).items():
        l = [x for x in ls if x["code"] == c][0]
        assert l["kind"] == "survey" and 0 <= M(v) <= M(l["max"])


# ----------------------------------------------------------------------------------------
# evidence
# ----------------------------------------------------------------------------------------
REPORT = "Báo cáo số 270/BC-UBND ngày 23/5/2025 của UBND huyện Thạch An"
HUYEN = "UBND huyện Thạch An"
TINH = "UBND tỉnh Cao Bằng"


def L(level, year, unit, crit, page=None):
    return {"level": level, "year": year, "unit": unit, "criterion": crit, "page": page}


def evidence_docs():
    D = []

    def add(file, doc_type, number, d, issuer, summary, links, source, pages=2):
        D.append({"file": file, "doc_type": doc_type, "number": number, "issue_date": d,
                  "issuer": issuer, "summary": summary, "links": links, "source": source,
                  "_pages": pages})

    fn = lambda n: f"{REPORT}, chú thích {n}"
    # annual CCHC plans (footnote 2)
    plans = [(2021, "17/KH-UBND", "2021-01-08", "Cải cách hành chính nhà nước năm 2021"),
             (2022, "1921/KH-UBND", "2021-12-31", "Cải cách hành chính nhà nước huyện Thạch An năm 2022"),
             (2023, "49/KH-UBND", "2023-01-10", "Cải cách hành chính nhà nước huyện Thạch An năm 2023"),
             (2024, "47/KH-UBND", "2024-01-10", "Cải cách hành chính nhà nước huyện Thạch An năm 2024"),
             (2025, "64/KH-UBND", "2025-01-10", "Cải cách hành chính nhà nước huyện Thạch An năm 2025")]
    for y, num, d, summ in plans:
        links = [L("commune", y, "*", "1.1.1", "tr. 1-2"), L("commune", y, "*", "1.4.1", "tr. 2")]
        if y <= 2024:
            links.append(L("district", y, "053", "1.1.1", None))
            links.append(L("district", y, "053", "1.4.1", "tr. 2"))
        if y == 2022:  # the report also cites 1921/KH-UBND as the 2022 TTHC control plan (footnote 13)
            links.append(L("district", y, "053", "3.1.1", "tr. 2"))
            links.append(L("commune", y, "*", "3.4.1", "tr. 2"))
        add(f"kh-{num.split('/')[0]}-{d[:4]}.pdf", "Kế hoạch", num, d, HUYEN, summ, links,
            fn(2) + (" và 13" if y == 2022 else ""))
    add("kh-1828-2021.pdf", "Kế hoạch", "1828/KH-UBND", "2021-12-15", HUYEN,
        "Cải cách hành chính nhà nước huyện Thạch An giai đoạn 2021 - 2025",
        [L("district", 2021, "053", "1.1.1", "tr. 1"), L("district", 2022, "053", "1.1.1", "tr. 1"),
         L("commune", 2022, "*", "1.1.1", "tr. 2")], fn(1))
    add("kh-2439-2021.pdf", "Kế hoạch", "2439/KH-UBND", "2021-09-14", TINH,
        "Cải cách hành chính nhà nước tỉnh Cao Bằng giai đoạn 2021 - 2025",
        [L("district", 2021, "*", "1.1.1", "tr. 1")], f"{REPORT}, mục I.1", pages=1)
    # inspection plans (footnote 9)
    insp = [(2021, "937/KH-UBND", "2021-07-22",
             "Kiểm tra công tác thực hiện kỷ luật, kỷ cương hành chính và công tác cải cách hành chính năm 2021"),
            (2022, "917/KH-UBND", "2022-06-18",
             "Kiểm tra công tác thực hiện kỷ luật, kỷ cương hành chính và cải cách hành chính năm 2022"),
            (2023, "1117/KH-UBND", "2023-06-29",
             "Kiểm tra công tác kỷ luật, kỷ cương hành chính và công tác CCHC năm 2023"),
            (2024, "592/KH-UBND", "2024-03-29",
             "Kiểm tra công tác thực hiện kỷ luật, kỷ cương hành chính và công tác cải cách hành chính năm 2024"),
            (2025, "382/KH-UBND", "2025-03-06", "Kiểm tra công tác cải cách hành chính năm 2025")]
    for y, num, d, summ in insp:
        links = [L("commune", y, "*", "1.3.2", "tr. 2")]
        if y <= 2024:
            links += [L("district", y, "053", "1.3.1", None), L("district", y, "053", "5.4.1", "tr. 1")]
        add(f"kh-{num.split('/')[0]}-{d[:4]}.pdf", "Kế hoạch", num, d, HUYEN, summ, links, fn(9))
    # TTHC control plans (footnote 13)
    ctl = [(2021, "1353/KH-UBND", "2020-12-26",
            "Kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông và thực hiện thủ "
            "tục hành chính trên môi trường điện tử năm 2021"),
           (2023, "119/KH-UBND", "2023-01-30",
            "Kiểm soát thủ tục hành chính, triển khai cơ chế một cửa năm 2023"),
           (2024, "62/KH-UBND", "2024-01-12", "Kiểm soát thủ tục hành chính năm 2024"),
           (2025, "175/KH-UBND", "2025-01-25", "Kiểm soát thủ tục hành chính năm 2025")]
    for y, num, d, summ in ctl:
        links = [L("commune", y, "*", "3.4.1", "tr. 1"), L("commune", y, "*", "3.1.1", "tr. 2")]
        if y <= 2024:
            links += [L("district", y, "053", "3.1.1", None), L("district", y, "053", "3.3.5", "tr. 2")]
        add(f"kh-{num.split('/')[0]}-{d[:4]}.pdf", "Kế hoạch", num, d, HUYEN, summ, links, fn(13))
    # TTHC review reports (footnote 15)
    rv = [(2021, "Báo cáo", "354/BC-UBND", "2021-09-09",
           "Thực hiện rà soát, phân loại, kiểm đếm số lượng kết quả giải quyết thủ tục hành chính là bản giấy "
           "còn hiệu lực"),
          (2022, "Báo cáo", "461/BC-UBND", "2022-08-30", "Rà soát, đánh giá thủ tục hành chính năm 2022"),
          (2023, "Báo cáo", "582/BC-UBND", "2023-09-29", "Rà soát, đánh giá thủ tục hành chính năm 2023"),
          (2024, "Báo cáo", "518/BC-UBND", "2024-08-25",
           "Kết quả rà soát, đánh giá thủ tục hành chính năm 2024 trên địa bàn huyện Thạch An")]
    for y, t, num, d, summ in rv:
        links = [L("district", y, "053", "3.1.2", None), L("commune", y, "*", "3.4.1", "tr. 1")]
        if y == 2021:
            links = [L("district", y, "053", "3.3.3", "tr. 1"), L("commune", y, "*", "3.2.3", "tr. 1")]
        add(f"bc-{num.split('/')[0]}-{d[:4]}.pdf", t, num, d, HUYEN, summ, links, fn(15), pages=1)
    add("kh-1826-2022.pdf", "Kế hoạch", "1826/KH-UBND", "2022-11-11", HUYEN,
        "Rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước giai đoạn "
        "2022 - 2025", [L("district", 2022, "053", "3.1.2", "tr. 1-2")], fn(15))
    add("cv-1929-2022.pdf", "Công văn", "1929/UBND-VP", "2022-11-25", HUYEN,
        "Hướng dẫn triển khai rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính "
        "nhà nước trên địa bàn huyện Thạch An", [L("commune", 2022, "*", "3.4.1", "tr. 1")], fn(15), pages=1)
    add("kh-859-2021.pdf", "Kế hoạch", "859/KH-UBND", "2021-07-06", HUYEN,
        "Triển khai thực hiện Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ về đổi mới "
        "việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính trên địa "
        "bàn huyện Thạch An",
        [L("district", 2021, "053", "3.3.5", "tr. 1-2"), L("commune", 2021, "*", "3.5.1", "tr. 2")], fn(17))
    add("kh-536-2022.pdf", "Kế hoạch", "536/KH-UBND", "2022-04-20", HUYEN,
        "Phát động phong trào thi đua \"Đẩy mạnh cải cách hành chính gắn với chuyển đổi số\" huyện Thạch An, "
        "giai đoạn 2021 - 2025",
        [L("district", 2022, "053", "1.4.2", "tr. 1"), L("commune", 2022, "*", "1.4.2", "tr. 2")],
        f"{REPORT}, mục I.1")
    add("hd-1562-2023.pdf", "Hướng dẫn", "1562/HD-UBND", "2023-08-31", HUYEN,
        "Khen thưởng thành tích trong phong trào thi đua \"Đẩy mạnh cải cách hành chính gắn với chuyển đổi "
        "số\" giai đoạn 2021 - 2025 trên địa bàn huyện Thạch An",
        [L("commune", 2023, "*", "1.5.1", "tr. 1"), L("district", 2023, "053", "1.5.1", None)],
        f"{REPORT}, mục I.1", pages=1)
    add("cv-442-2022.pdf", "Công văn", "442/UBND-NV", "2022-04-12", HUYEN,
        "Hướng dẫn xây dựng quy định chức năng, nhiệm vụ, quyền hạn và tổ chức của cơ quan chuyên môn thuộc "
        "UBND huyện", [L("district", 2022, "053", "4.1.1", "tr. 1")], fn(20), pages=1)
    add("da-01-2022.pdf", "Đề án", "01/ĐA-UBND", "2022-12-05", HUYEN,
        "Giải thể Phòng Y tế và chuyển chức năng quản lý nhà nước về lĩnh vực y tế về Văn phòng HĐND và "
        "UBND huyện", [L("district", 2022, "053", "4.1.1", "tr. 1-2")], fn(21))
    add("da-01-2025.pdf", "Đề án", "01/ĐA-UBND", "2025-02-14", HUYEN,
        "Hợp nhất các cơ quan chuyên môn thuộc UBND huyện",
        [L("commune", 2025, "*", "4.3.1", "tr. 1")], fn(22))
    thtk = [(2021, "180/QĐ-UBND", "2021-01-29"), (2022, "539/QĐ-UBND", "2022-02-28"),
            (2023, "362/QĐ-UBND", "2023-02-20"), (2024, "75/QĐ-UBND", "2024-03-15"),
            (2025, "597/QĐ-UBND", "2025-03-13")]
    for y, num, d in thtk:
        links = [L("commune", y, "*", "6.3.1", "tr. 1")]
        if y <= 2024:
            links.insert(0, L("district", y, "053", "6.3.1", None))
        add(f"qd-{num.split('/')[0]}-{d[:4]}.pdf", "Quyết định", num, d, HUYEN,
            f"Ban hành Chương trình thực hành tiết kiệm, chống lãng phí năm {y}", links, fn(37), pages=1)
    add("bc-270-2025.pdf", "Báo cáo", "270/BC-UBND", "2025-05-23", HUYEN,
        "Tổng kết công tác cải cách hành chính nhà nước huyện Thạch An giai đoạn 2021 - 2025; đề xuất nhiệm "
        "vụ, giải pháp trọng tâm đẩy mạnh cải cách hành chính nhà nước giai đoạn 2026 - 2030",
        [L("commune", 2025, "*", "1.2.1", "tr. 1-2")], "Tài liệu gốc của dữ liệu mẫu")
    # synthetic yearly summary documents (invented numbers, flagged as such) so that most leaves that
    # require evidence have a linked document
    syn_no = {2021: ("612", "2021-12-20", "98", "2022-01-10"), 2022: ("705", "2022-12-19", "41", "2023-01-09"),
              2023: ("688", "2023-12-18", "37", "2024-01-08"), 2024: ("702", "2024-12-16", "29", "2025-01-07")}
    synth = "Giả lập cho dữ liệu mẫu (không có trong báo cáo 270/BC-UBND)"
    for y in (2021, 2022, 2023, 2024):
        n1, d1, n2, d2 = syn_no[y]
        c_links = [L("commune", y, "*", c, "tr. 1-2") for c in
                   ("1.1.2", "1.2.1", "1.3.1", "1.6.1", "2.1.1", "2.1.2", "2.2.1", "2.3.1", "2.3.2", "2.4.1",
                    "4.1.1", "4.1.2", "4.2.1", "4.2.2", "5.1.1", "5.2.1", "5.3.1", "6.1.1", "6.1.2", "6.2.1")]
        d_links = [L("district", y, "053", c, "tr. 1-2") for c in
                   ("1.1.2", "1.2.1", "1.4.2", "1.6.1", "2.1.2", "2.2.1", "2.3.1", "2.4.1", "2.4.2", "4.2.1",
                    "4.2.2", "4.3.1", "5.1.1", "5.2.2", "5.3.1", "6.1.1", "6.1.2", "6.2.1", "6.2.2")]
        add(f"bc-{n1}-{y}.pdf", "Báo cáo", f"{n1}/BC-UBND", d1, HUYEN,
            f"Kết quả thực hiện công tác cải cách hành chính năm {y} trên địa bàn huyện Thạch An",
            c_links + d_links, synth)
        t_links = [L("commune", y, "*", c, "tr. 1") for c in
                   ("3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.5.2", "7.2.1", "7.2.2")]
        t_links += [L("district", y, "053", c, "tr. 1") for c in
                    ("3.2.3", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "7.2.1", "7.2.2", "7.2.3")]
        add(f"bc-{n2}-{y + 1}.pdf", "Báo cáo", f"{n2}/BC-VP", d2, "Văn phòng HĐND và UBND huyện Thạch An",
            f"Kết quả giải quyết thủ tục hành chính năm {y} trích xuất từ Hệ thống thông tin giải quyết thủ "
            f"tục hành chính tỉnh", t_links, synth, pages=1)
        n3, d3 = {2021: ("15", "2022-01-14"), 2022: ("12", "2023-01-12"), 2023: ("9", "2024-01-11"),
                  2024: ("11", "2025-01-10")}[y]
        s_links = [L("commune", y, "*", c, "tr. 1") for c in ("3.1.2", "7.1.1", "7.3.1", "7.4.1", "7.4.2")]
        s_links += [L("district", y, "053", c, "tr. 1") for c in
                    ("7.1.1", "7.3.1", "7.3.2", "7.4.1", "7.4.2")]
        add(f"bc-{n3}-{y + 1}-cds.pdf", "Báo cáo", f"{n3}/BC-VHTT", d3,
            "Phòng Văn hóa, Khoa học và Thông tin huyện Thạch An",
            f"Kết quả ứng dụng công nghệ thông tin, chuyển đổi số năm {y} trên địa bàn huyện Thạch An",
            s_links, synth, pages=1)
    return D


# ----------------------------------------------------------------------------------------
# report settings
# ----------------------------------------------------------------------------------------
def report_settings():
    R = []
    c_meta = {2021: ("58/BC-UBND", "2022-03-10", "Hoàng Văn Thành"),
              2022: ("71/BC-UBND", "2023-03-08", "Hoàng Văn Thành"),
              2023: ("64/BC-UBND", "2024-03-06", "Lương Văn Quý"),
              2024: ("83/BC-UBND", "2025-03-12", "Lương Văn Quý")}
    for y, (num, d, name) in c_meta.items():
        R.append({"level": "commune", "year": y, "issuer_parent": "ỦY BAN NHÂN DÂN", "issuer": "HUYỆN THẠCH AN",
                  "number": num, "place": "Thạch An", "date": d, "title": "BÁO CÁO",
                  "summary": f"Kết quả xác định Chỉ số cải cách hành chính năm {y} của các xã, thị trấn",
                  "signer_mode": "TM", "signer_org": "ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH",
                  "signer_lines": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "signer_name": name,
                  "recipients": ["UBND tỉnh Cao Bằng (b/c);", "Sở Nội vụ tỉnh (b/c);", "TT. Huyện ủy (b/c);",
                                 "TT. HĐND huyện;", "Chủ tịch, các PCT UBND huyện;",
                                 "Các cơ quan chuyên môn thuộc UBND huyện;", "UBND các xã, thị trấn;",
                                 "Trang thông tin điện tử huyện;", "Lưu: VT, NV."]})
    d_meta = {2021: ("112/BC-UBND", "2022-04-15"), 2022: ("96/BC-UBND", "2023-04-12"),
              2023: ("104/BC-UBND", "2024-04-10"), 2024: ("121/BC-UBND", "2025-04-16")}
    for y, (num, d) in d_meta.items():
        R.append({"level": "district", "year": y, "issuer_parent": "ỦY BAN NHÂN DÂN", "issuer": "TỈNH CAO BẰNG",
                  "number": num, "place": "Cao Bằng", "date": d, "title": "BÁO CÁO",
                  "summary": f"Kết quả xác định Chỉ số cải cách hành chính năm {y} của các huyện, thành phố",
                  "signer_mode": "KT", "signer_org": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
                  "signer_lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "signer_name": "Nguyễn Minh Tuấn",
                  "recipients": ["Bộ Nội vụ (b/c);", "TT. Tỉnh ủy (b/c);", "TT. HĐND tỉnh (b/c);",
                                 "Chủ tịch, các PCT UBND tỉnh;", "Các sở, ban, ngành tỉnh;",
                                 "UBND các huyện, thành phố;", "Cổng thông tin điện tử tỉnh;", "Lưu: VT, NV."]})
    R.append({"level": "commune", "year": 2025, "issuer_parent": "ỦY BAN NHÂN DÂN", "issuer": "TỈNH CAO BẰNG",
              "number": "45/BC-UBND", "place": "Cao Bằng", "date": "2026-02-10", "title": "BÁO CÁO",
              "summary": "Kết quả xác định Chỉ số cải cách hành chính năm 2025 của các xã, phường",
              "signer_mode": "KT", "signer_org": "CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
              "signer_lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "signer_name": "Nguyễn Minh Tuấn",
              "recipients": ["Bộ Nội vụ (b/c);", "TT. Tỉnh ủy (b/c);", "TT. HĐND tỉnh (b/c);",
                             "Chủ tịch, các PCT UBND tỉnh;", "Sở Nội vụ;", "UBND các xã, phường;",
                             "Cổng thông tin điện tử tỉnh;", "Lưu: VT, NV."]})
    return R


# ----------------------------------------------------------------------------------------
# output helpers
# ----------------------------------------------------------------------------------------
def nfc_walk(o):
    if isinstance(o, str):
        n = unicodedata.normalize("NFC", o)
        assert n == o, repr(o)
        return
    if isinstance(o, dict):
        for k, v in o.items():
            nfc_walk(k)
            nfc_walk(v)
    elif isinstance(o, list):
        for v in o:
            nfc_walk(v)


PENDING = []


def write_json(rel, obj):
    """Queue a file; nothing is written until every target has been asserted (see flush())."""
    nfc_walk(obj)
    PENDING.append((rel, obj))


def flush():
    for rel, obj in PENDING:
        _write_json(rel, obj)
    PENDING.clear()


def _write_json(rel, obj, compact_lists=True):
    nfc_walk(obj)
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    if compact_lists:
        # put short number lists like "raw": [5707, 5728] on one line
        import re
        text = re.sub(r"\[\s+(-?\d+)(?:,\s+(-?\d+))?\s+\]",
                      lambda m: "[" + m.group(1) + (", " + m.group(2) if m.group(2) else "") + "]", text)
        text = re.sub(r"\[\s+(\"[^\"\n]*\"),\s+(\"[^\"\n]*\")\s+\]", r"[\1, \2]", text)
        text = re.sub(r"\[\s+(\"[^\"\n]*\")\s+\]", r"[\1]", text)
        text = re.sub(r"\{\s+(\"(?:min|name)\": \"[^\"\n]*\"),\s+(\"(?:points|min)\": \"[^\"\n]*\")\s+\}",
                      r"{\1, \2}", text)
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    assert json.loads(open(path, encoding="utf-8").read()) == obj
    return path


# ----------------------------------------------------------------------------------------
def main():
    units = build_units()
    write_json("units.json", units)

    sets = []
    for y in (2021, 2022, 2023, 2024, 2025):
        sets.append(make_set("commune", y))
    for y in (2021, 2022, 2023, 2024):
        sets.append(make_set("district", y))
    for s in sets:
        check_set(s)
    write_json("index-sets.json", [strip_private(s) for s in sets])

    table = []
    written = {}  # (level, year) -> assessments, for the evidence notes below
    by_key = {(s["level"], s["year"]): s for s in sets}
    for level, years in (("district", (2021, 2022, 2023, 2024)), ("commune", (2021, 2022, 2023, 2024))):
        for y in years:
            s = by_key[(level, y)]
            assessments, idx, attempt = gen_year(level, y, s)
            for a in assessments:
                validate_assessment(s, a, "final")
            # assert the published targets once more, explicitly
            cls = {u: classify(s, v) for u, v in idx.items()}
            rk = rank_competition(idx)
            assert len(set(idx.values())) == len(idx)
            if level == "district":
                assert rk["053"] == DISTRICT_RANK[y] and cls["053"] == "Khá", (y, idx)
            else:
                assert sum(c == "Tốt" for c in cls.values()) == COMMUNE_TOT[y]
                assert sum(c == "Khá" for c in cls.values()) == 14 - COMMUNE_TOT[y]
            written[(level, y)] = assessments
            write_json(f"scores/{level}-{y}.json",
                       {"level": level, "year": y, "synthetic": True, "units_as_of": f"{y}-12-31",
                        "assessments": assessments})
            for u in sorted(idx, key=lambda u: rk[u]):
                table.append((level, y, u, idx[u], cls[u], rk[u], "final"))
    # 2025: merged communes, appraisal in progress
    s = by_key[("commune", 2025)]
    rng = random.Random("parindex-demo-commune-2025")
    s["_na_units"] = pick_na_units(s, NEW_CODES, rng)
    plan = {"01786": "appraised", "01822": "appraised", "01789": "submitted", "01792": "submitted",
            "01795": "draft", "01807": "draft"}
    tg = {"01786": "88.4", "01822": "86.1", "01789": "84.7", "01792": "82.9", "01795": "81.3", "01807": "83.6"}
    assessments = []
    for u in NEW_CODES:
        st = plan[u]
        for attempt in range(50):
            a, good = gen_assessment(s, "commune", 2025, u, Fraction(tg[u]), rng, status=st,
                                     fill=0.62 if st == "draft" else 1.0, survey=(st == "appraised"))
            if good:
                break
        validate_assessment(s, a, st)
        assessments.append(a)
    written[("commune", 2025)] = assessments
    # The summary's one-stop totals: Thạch An 2021–2024, the communes in 2025.
    sums = {"ontime": 0, "solved": 0, "received": 0, "online": 0}
    for key, codes in [(("district", y), ["053"]) for y in range(2021, 2025)] + [(("commune", 2025), NEW_CODES)]:
        for a in written[key]:
            if a["unit"] not in codes:
                continue
            sc = a["scores"]
            on, so = sc["3.3.1" if key[0] == "district" else "3.2.1"]["raw"]
            ol, rc = sc["7.2.1"]["raw"]
            sums["ontime"] += on
            sums["solved"] += so
            sums["online"] += ol
            sums["received"] += rc
    assert sums == SOURCE_ONESTOP, sums
    write_json("scores/commune-2025.json",
               {"level": "commune", "year": 2025, "synthetic": True, "units_as_of": "2025-12-31",
                "assessments": assessments})
    for a in assessments:
        if a["status"] == "appraised":
            v = round_half_up_str(compute_index(s, a))
            table.append(("commune", 2025, a["unit"], v + " (tạm tính)", classify(s, v), "-", a["status"]))
        else:
            n = len(a["scores"])
            table.append(("commune", 2025, a["unit"], "-", "-", "-", f"{a['status']} ({n} mục đã nhập)"))

    # evidence
    docs = evidence_docs()
    set_leaves = {(s["level"], s["year"]): {l["code"]: l for l in leaves_of(s["nodes"])} for s in sets}
    units_by = {("district", y): DISTRICT_CODES for y in range(2021, 2025)}
    for y in range(2021, 2025):
        units_by[("commune", y)] = COMMUNE_CODES
    units_by[("commune", 2025)] = NEW_CODES
    files = set()
    for d in docs:
        assert d["file"] not in files, d["file"]
        files.add(d["file"])
        for ln in d["links"]:
            key = (ln["level"], ln["year"])
            assert ln["criterion"] in set_leaves[key], (d["file"], ln)
            assert ln["unit"] == "*" or ln["unit"] in units_by[key], ln
    assert len(docs) >= 22
    write_json("evidence.json", [{k: v for k, v in d.items() if not k.startswith("_")} for d in docs])
    # A leaf that requires evidence and has no linked document must say in writing how the
    # unit scored it (the rule `parindex check` enforces once an assessment is submitted).
    for (level, y), assessments in written.items():
        lv = set_leaves[(level, y)]
        links = {(ln["unit"], ln["criterion"]) for d in docs for ln in d["links"]
                 if (ln["level"], ln["year"]) == (level, y)}
        for a in assessments:
            if a["status"] == "draft":
                continue
            for code, e in a["scores"].items():
                l = lv[code]
                if not l["evidence"] or l["kind"] in ("bonus", "penalty", "survey") or "na" in e:
                    continue
                if ("*", code) in links or (a["unit"], code) in links:
                    continue
                if M(e.get("self", "0")) > 0 and not e.get("self_note"):
                    e["self_note"] = (f"Không có văn bản riêng; kết quả thể hiện trong báo cáo "
                                      f"CCHC năm {y} của đơn vị.")
    # coverage of leaves requiring evidence in final years
    cov_lines = []
    for (level, y), lv in sorted(set_leaves.items()):
        need = [c for c, l in lv.items() if l["evidence"]]
        have = {ln["criterion"] for d in docs for ln in d["links"] if (ln["level"], ln["year"]) == (level, y)}
        cov_lines.append(f"  {level} {y}: {len([c for c in need if c in have])}/{len(need)} leaves that "
                         f"require evidence have a linked document")

    write_json("report-settings.json", report_settings())

    # all targets asserted: write the JSON files
    flush()

    # PDFs (need fpdf2; the JSON above needs only the standard library)
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # keep assets/demo free of __pycache__
    try:
        import make_pdfs
    except ImportError as e:
        make_pdfs = None
        print(f"NOTICE: evidence PDFs not regenerated ({e}); pip install fpdf2; apt-get install "
              f"fonts-liberation2")
    if make_pdfs is not None:
        n = make_pdfs.build_all(docs, os.path.join(HERE, "evidence"))
        print(f"wrote {n} evidence PDFs")

    # print table
    print("Computed indexes (synthetic):")
    print(f"{'level':9} {'year':4} {'unit':6} {'name':22} {'index':>22} {'class':10} rank")
    for level, y, u, v, c, r, st in table:
        nm = unit_name(u, y)
        print(f"{level:9} {y:4} {u:6} {nm:22} {v:>22} {c:10} {r}  {st if st != 'final' else ''}")
    print("Evidence coverage:")
    print("\n".join(cov_lines))


if __name__ == "__main__":
    main()
