# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "http-upload-files": one multipart/form-data POST with
# a form field and three files (two short texts and a 3000-byte binary the request body
# limit cuts), answered 200.
import pcapwriter as pw

FILES = [
    ("chat.txt", b"le chat dort sur le toit"),
    ("chien.txt", b"Rex garde la maison du village"),
    ("big.bin", bytes((i * 7) % 251 for i in range(3000))),
]
BOUNDARY = b"kh-up-1"


def body():
    out = (b"--" + BOUNDARY + b"\r\n"
           b"Content-Disposition: form-data; name=\"user\"\r\n\r\nbob\r\n")
    for name, data in FILES:
        out += (b"--" + BOUNDARY + b"\r\n"
                b"Content-Disposition: form-data; name=\"f\"; filename=\"" + name.encode()
                + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    return out + b"--" + BOUNDARY + b"--\r\n"


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0b", "00:00:5e:00:53:01")
    upload = pw.http_request("up.example", "/send", method="POST",
                             extra=["Content-Type: multipart/form-data; boundary="
                                    + BOUNDARY.decode()], body=body())
    ok = pw.http_response(b"ok\n", content_type="text/plain")
    pkts = pw.tcp_session(link, "192.0.2.12", "198.51.100.82", 49310, 80, [(upload, ok)])
    pw.write_pcap(path, pkts)


if __name__ == "__main__":
    import hashlib
    b = body()
    start = b.index(FILES[2][1])
    print("body", len(b), "big.bin starts at", start)
    for name, data in FILES:
        print(name, len(data), hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())
    print("first 1000 of big.bin", hashlib.sha256(FILES[2][1][:1000]).hexdigest())
