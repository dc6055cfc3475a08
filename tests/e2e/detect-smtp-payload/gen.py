# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "detect-smtp-payload": an SMTP session on port 25 and a
# session on port 25 that is not SMTP but carries the same words, so that "alert smtp"
# payload rules fire on the first only; its second message has a base64 attachment (after
# a text part) for file.data.
import base64

import pcapwriter as pw


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0e", "00:00:5e:00:53:01")
    b64 = base64.encodebytes(b"MZ attached-marker-7731 payload").replace(b"\n", b"\r\n")
    attached = (b"Subject: report\r\nMIME-Version: 1.0\r\n"
                b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                b"--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                b"--b1\r\nContent-Type: application/octet-stream; name=\"r.exe\"\r\n"
                b"Content-Disposition: attachment; filename=\"r.exe\"\r\n"
                b"Content-Transfer-Encoding: base64\r\n\r\n" + b64 + b"--b1--\r\n.\r\n")
    smtp = pw.tcp_session(link, "192.0.2.41", "198.51.100.41", 49500, 25, [
        (b"EHLO client.example\r\n", b"250-mx.example\r\n250 8BITMIME\r\n"),
        (b"MAIL FROM:<x@client.example>\r\n", b"250 OK\r\n"),
        (b"RCPT TO:<y@mx.example>\r\n", b"250 OK\r\n"),
        (b"DATA\r\n", b"354 go ahead\r\n"),
        (b"Subject: invoice\r\n\r\nplease see the invoice\r\n.\r\n", b"250 queued\r\n"),
        (b"MAIL FROM:<x@client.example>\r\n", b"250 OK\r\n"),
        (b"RCPT TO:<y@mx.example>\r\n", b"250 OK\r\n"),
        (b"DATA\r\n", b"354 go ahead\r\n"),
        (attached, b"250 queued\r\n"),
        (b"QUIT\r\n", b"221 bye\r\n")])
    other = pw.tcp_session(link, "192.0.2.42", "198.51.100.42", 49501, 25, [
        (b"hello there, MAIL FROM:<x@client.example> please see the invoice\r\n", b"ok\r\n")],
        start_ns=pw.T0 + pw.NS_PER_S)
    pw.write_pcap(path, pw.merge(smtp, other))


if __name__ == "__main__":
    build("input.pcap")
