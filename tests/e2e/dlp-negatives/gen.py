# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dlp-negatives": outbound traffic that must not alert.
# Responses from an internal web server to an outside client: pages that talk about
# "bí mật" and "mật khẩu" (and a heading "MẬT KHẨU"), an invoice list with 40 twelve-digit
# order numbers, a table of 40 random 16-digit numbers that fail Luhn, and 40 ten-digit
# numbers with no mobile prefix. An upload of 40 nine-digit numbers without CMND context.
import random

import pcapwriter as pw


def luhn_ok(d):
    total = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch)
        if i % 2 == 1:
            v = v * 2 - 9 if v > 4 else v * 2
        total += v
    return total % 10 == 0


def build(path):
    rng = random.Random(9004)
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    prose = ("<html><body><h1>MẬT KHẨU</h1>\n<p>Vui lòng không chia sẻ mật khẩu với bất kỳ ai."
             "</p>\n<p>Đây là bí mật kinh doanh của công ty, hãy giữ bí mật.</p>\n"
             "<p>Mật khẩu phải có ít nhất 8 ký tự.</p>\n<p>Bảo mật thông tin khách hàng</p>\n"
             "<p>Tài liệu MẬT được quản lý theo quy định, văn bản này không thuộc loại đó.</p>\n"
             "<div>Mật</div><div>TÀI LIỆU MẬT</div></body></html>\n").encode()
    orders = "".join("<tr><td>Đơn hàng %d%011d</td><td>%d.000 đ</td></tr>\n" %
                     (rng.randrange(1, 10), rng.randrange(10 ** 11), rng.randrange(10, 999))
                     for _ in range(40))
    invoice = ("<html><table>" + orders + "</table></html>").encode()
    nums = []
    while len(nums) < 40:
        d = "%d%015d" % (rng.randrange(1, 9), rng.randrange(10 ** 15))
        if not luhn_ok(d) and not d.startswith("9704"):
            nums.append(d)
    tenners = ["%d%09d" % (rng.randrange(1, 10), rng.randrange(10 ** 9)) for _ in range(40)]
    table = ("ma_so,so_luong\n" + "".join("%s,%d\n" % (n, i) for i, n in enumerate(nums)) +
             "".join("%s,1\n" % t for t in tenners)).encode()
    ninedigit = ("ma_nv\n" + "".join("%09d\n" % rng.randrange(10 ** 9) for _ in range(40))).encode()
    pages = [(pw.http_request("www.internal.example", "/doi-mat-khau"),
              pw.http_response(prose, content_type="text/html; charset=utf-8")),
             (pw.http_request("www.internal.example", "/hoa-don"),
              pw.http_response(invoice, content_type="text/html; charset=utf-8")),
             (pw.http_request("www.internal.example", "/bang.csv"),
              pw.http_response(table, content_type="text/csv"))]
    web = pw.tcp_session(link, "198.51.100.70", "10.5.0.80", 49501, 80, pages)
    up = pw.tcp_session(link, "10.5.0.6", "203.0.113.40", 49502, 80,
                        [(pw.http_request("upload.example.net", "/nv", method="POST",
                                          body=ninedigit), pw.http_response(b"ok"))],
                        start_ns=pw.T0 + 10 ** 9)
    pw.write_pcap(path, pw.merge(web, up))


if __name__ == "__main__":
    build("input.pcap")
