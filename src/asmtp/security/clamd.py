"""A ClamAV daemon client speaking clamd's INSTREAM command over a Unix socket.

Protocol: send `zINSTREAM\\0`, then the file as chunks each prefixed by its length (4 bytes,
big-endian), then a zero length; clamd answers `stream: OK\\0` or `stream: <name> FOUND\\0`.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached, or answered something other than a verdict."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def scan(data: bytes, socket_path: str, timeout: float = 30.0) -> Verdict:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(socket_path)
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = _read_reply(connection)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    return parse_reply(reply)


def _read_reply(connection: socket.socket) -> bytes:
    reply = b""
    while not reply.endswith(b"\0"):
        part = connection.recv(4096)
        if not part:
            break
        reply += part
    return reply


def parse_reply(reply: bytes) -> Verdict:
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return Verdict(infected=False)
    if text.endswith(" FOUND"):
        return Verdict(infected=True, signature=text.split(": ", 1)[-1].removesuffix(" FOUND"))
    raise ScannerUnavailable(f"unexpected clamd reply: {text[:200]!r}")
