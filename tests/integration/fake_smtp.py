"""A small SMTP server on loopback for the sender's TLS rules: plain, STARTTLS or SMTPS, with a
self-signed certificate; it writes down every line it receives (so a test can say what left)."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import socketserver
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class FakeSmtp:
    """mode: 'plain' (no STARTTLS offered), 'starttls' or 'smtps'."""

    def __init__(self, mode: str, directory: Path) -> None:
        self.mode = mode
        self.cert, key = self_signed(directory)
        self.server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.server_tls.load_cert_chain(self.cert, key)
        self.lines: list[bytes] = []
        self.messages: list[bytes] = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                conn: Any = self.connection
                try:
                    if fake.mode == "smtps":
                        conn = fake.server_tls.wrap_socket(conn, server_side=True)
                    fake.session(conn)
                except (ssl.SSLError, OSError):
                    return

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def session(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        conn.sendall(b"220 fake ESMTP\r\n")
        while line := reader.readline():
            self.lines.append(line)
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                starttls = (
                    b"250-STARTTLS\r\n"
                    if self.mode == "starttls" and not isinstance(conn, ssl.SSLSocket)
                    else b""
                )
                conn.sendall(b"250-fake\r\n" + starttls + b"250 AUTH PLAIN LOGIN\r\n")
            elif verb == b"STARTTLS":
                conn.sendall(b"220 go ahead\r\n")
                conn = self.server_tls.wrap_socket(conn, server_side=True)
                reader = conn.makefile("rb")
            elif verb == b"AUTH":
                conn.sendall(b"235 ok\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 end with .\r\n")
                body = b""
                while (chunk := reader.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.messages.append(body)
                conn.sendall(b"250 queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def received(self) -> bytes:
        return b"".join(self.lines) + b"".join(self.messages)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
