# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dlp-docs": documents stamped with state-secret levels.
# 1. SMTP: an internal client sends a mail to an outside MX with a DOCX attachment (base64)
#    whose first paragraph is the stamp "TỐI MẬT"; the body text (quoted-printable) only
#    mentions "mật khẩu".
# 2. HTTP: an outside client downloads a PDF stamped "MAT" (FlateDecode content stream)
#    from an internal server.
# 3. HTTP: an internal client uploads (multipart/form-data) a DOCX stamped "MẬT" in VNI.
# 4. HTTP: an outside client gets a page whose table cell is "TUYỆT MẬT" in UTF-16LE.
import base64

import dlp_synth
import pcapwriter as pw


def qp(text):
    out = []
    for b in text.encode("utf-8"):
        out.append(chr(b) if 32 < b < 127 and b != 61 else "=%02X" % b)
    return "".join(out)


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    doc = dlp_synth.docx(["TỐI MẬT", "BÁO CÁO", "Về việc triển khai hệ thống, đề nghị các đơn vị "
                          "thực hiện đúng quy định."])
    b64 = base64.encodebytes(doc).replace(b"\n", b"\r\n")
    mail = (b"From: vanthu@internal.example\r\nTo: nhan@example.net\r\nSubject: bao cao\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
            qp("Gửi anh, vui lòng không gửi mật khẩu qua thư.").encode() + b"\r\n"
            b"--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument."
            b"wordprocessingml.document; name=\"bao-cao.docx\"\r\n"
            b"Content-Disposition: attachment; filename=\"bao-cao.docx\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + b64 + b"--b1--\r\n.\r\n")
    smtp = pw.tcp_session(link, "10.4.0.5", "203.0.113.25", 49601, 25, [
        (b"EHLO ws.internal.example\r\n", b"250-mx.example.net\r\n250 8BITMIME\r\n"),
        (b"MAIL FROM:<vanthu@internal.example>\r\n", b"250 OK\r\n"),
        (b"RCPT TO:<nhan@example.net>\r\n", b"250 OK\r\n"),
        (b"DATA\r\n", b"354 go ahead\r\n"),
        (mail, b"250 OK queued\r\n"),
        (b"QUIT\r\n", b"221 bye\r\n")])

    pdf = dlp_synth.pdf(["MAT", "", "So: 15/BC-UBND", "Bao cao tinh hinh thuc hien nhiem vu"])
    dl = pw.tcp_session(link, "198.51.100.44", "10.4.0.80", 49602, 80,
                        [(pw.http_request("docs.internal.example", "/files/bc-15.pdf"),
                          pw.http_response(pdf, content_type="application/pdf"))],
                        start_ns=pw.T0 + 10 ** 9)

    # A run in a VNI font: Word keeps the font's bytes as the cp1252 characters they index
    # (VNI "MA" C4 "T" is "MAÄT"), stored in UTF-8 like all DOCX text.
    vni = dlp_synth.docx(["MA\u00c4T", "No\u00e4i dung"])
    form = (b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nxin gui\r\n"
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ke-hoach.docx\""
            b"\r\nContent-Type: application/octet-stream\r\n\r\n" + vni + b"\r\n--XyZ--\r\n")
    up = pw.tcp_session(link, "10.4.0.6", "203.0.113.26", 49603, 80,
                        [(pw.http_request("share.example.net", "/upload", method="POST",
                                          extra=["Content-Type: multipart/form-data; boundary=XyZ"],
                                          body=form), pw.http_response(b"ok"))],
                        start_ns=pw.T0 + 2 * 10 ** 9)

    page = "<html><table><tr><td>TUYỆT MẬT</td></tr><tr><td>Nội dung</td></tr></table></html>"
    u16 = page.encode("utf-16-le")
    web = pw.tcp_session(link, "198.51.100.45", "10.4.0.81", 49604, 80,
                         [(pw.http_request("portal.internal.example", "/van-ban/7"),
                           pw.http_response(u16, content_type="text/html; charset=utf-16le"))],
                         start_ns=pw.T0 + 3 * 10 ** 9)
    pw.write_pcap(path, pw.merge(smtp, dl, up, web))


if __name__ == "__main__":
    build("input.pcap")
