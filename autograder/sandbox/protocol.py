"""Wire format between the grader and the sandboxed submission.

Why not pickle: unpickling runs code chosen by whoever wrote the bytes, and the
child is untrusted. A message is a JSON header plus raw ``.npy`` blobs, each loaded
with ``allow_pickle=False``; anything else the child might return becomes a
*handle* (an opaque id) that the parent can only call methods on.

Frame: 8-byte big-endian length of the JSON header, the header, then for each
array the 8-byte length and the ``.npy`` bytes.
"""

from __future__ import annotations

import io
import json
import math
import socket
import struct
import time
from typing import Any

import numpy as np

MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_ARRAY_BYTES = 512 * 1024 * 1024
ALLOWED_KINDS = set("biuf")  # bool, int, unsigned, float: no objects, no strings


class ProtocolError(Exception):
    """The other side sent something that is not a valid message."""


class Handle:
    """A reference to an object that lives in the child (never its contents)."""

    def __init__(self, handle_id: int, type_name: str):
        self.handle_id = handle_id
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<object of type {self.type_name} living in the submission>"


def encode(value: Any, arrays: list[bytes], make_handle=None) -> Any:
    """Turn ``value`` into JSON-able data, appending arrays as .npy blobs."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return {"__int__": str(int(value))}
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else {"__float__": repr(f)}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        arr = np.asarray(value)
        if type(value) is not np.ndarray:  # subclasses lose their behaviour here
            arr = np.array(value, copy=True).view(np.ndarray)
        if arr.dtype.kind not in ALLOWED_KINDS:
            raise TypeError(f"arrays of dtype {arr.dtype} cannot be sent")
        buf = io.BytesIO()
        np.save(buf, np.require(arr, requirements="C"), allow_pickle=False)  # keeps 0-d
        arrays.append(buf.getvalue())
        return {"__ndarray__": len(arrays) - 1}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, arrays, make_handle) for v in value]}
    if isinstance(value, list):
        return [encode(v, arrays, make_handle) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: encode(v, arrays, make_handle) for k, v in value.items()}}
    if isinstance(value, Handle):
        return {"__handle__": value.handle_id, "type": value.type_name}
    if make_handle is not None:
        return make_handle(value)
    raise TypeError(f"values of type {type(value).__name__} cannot be sent")


def decode(data: Any, arrays: list[np.ndarray]) -> Any:
    """Inverse of :func:`encode`; builds only plain Python and numpy values.

    The child writes on its socket directly if it likes, so any malformed value (a
    50,000-digit int, an array index out of range, nesting deep enough to exhaust the
    stack) is a :class:`ProtocolError`, never another exception in the grader.
    """
    try:
        return _decode(data, arrays)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, RecursionError) as exc:
        raise ProtocolError(f"malformed value in message ({type(exc).__name__})") from None


def _decode(data: Any, arrays: list[np.ndarray]) -> Any:
    if data is None or isinstance(data, (bool, str, float)):
        return data
    if isinstance(data, int):
        return data
    if isinstance(data, list):
        return [_decode(v, arrays) for v in data]
    if isinstance(data, dict):
        if "__int__" in data:
            return int(str(data["__int__"]))
        if "__float__" in data:
            return float(str(data["__float__"]))
        if "__ndarray__" in data:
            return arrays[int(data["__ndarray__"])]
        if "__tuple__" in data:
            return tuple(_decode(v, arrays) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): _decode(v, arrays) for k, v in data["__dict__"].items()}
        if "__handle__" in data:
            return Handle(int(data["__handle__"]), str(data.get("type", "object"))[:100])
    raise ProtocolError(f"unexpected value in message: {str(data)[:80]}")


def check_reply(reply: dict) -> dict:
    """A reply from the child is a result or an error described by strings (else refused)."""
    error = reply.get("error")
    if error is None:
        return reply
    if not isinstance(error, dict) or not all(
        isinstance(v, (str, int, type(None))) for v in error.values()
    ):
        raise ProtocolError("the error in the reply is not a description made of text")
    return reply


def _recv_exact(sock: socket.socket, n: int, deadline: float | None = None) -> bytes:
    """``n`` bytes; with a ``deadline`` (time.monotonic), the whole read must end by it, so
    a peer that trickles one byte at a time cannot hold the reader forever."""
    chunks = []
    while n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def send_message(sock: socket.socket, header: dict, arrays: list[bytes]) -> None:
    body = json.dumps(dict(header, n_arrays=len(arrays))).encode()
    parts = [struct.pack(">Q", len(body)), body]
    for blob in arrays:
        parts += [struct.pack(">Q", len(blob)), blob]
    sock.sendall(b"".join(parts))


def recv_message(
    sock: socket.socket, deadline: float | None = None
) -> tuple[dict, list[np.ndarray]]:
    (size,) = struct.unpack(">Q", _recv_exact(sock, 8, deadline))
    if size > MAX_HEADER_BYTES:
        raise ProtocolError(f"message header of {size} bytes is too large")
    try:
        header = json.loads(_recv_exact(sock, size, deadline))
    except ValueError as exc:  # not UTF-8, not JSON, or a number too long to convert
        raise ProtocolError(f"message header is not JSON: {str(exc)[:200]}") from None
    except RecursionError:
        raise ProtocolError("message header is nested too deeply") from None
    if not isinstance(header, dict):
        raise ProtocolError("message header is not a JSON object")
    n_arrays = header.get("n_arrays", 0)
    if not isinstance(n_arrays, int) or not 0 <= n_arrays <= 10_000:
        raise ProtocolError(f"message announces {str(n_arrays)[:20]} arrays")
    arrays = []
    for _ in range(n_arrays):
        (n,) = struct.unpack(">Q", _recv_exact(sock, 8, deadline))
        if n > MAX_ARRAY_BYTES:
            raise ProtocolError(f"array of {n} bytes is too large")
        try:
            arr = np.load(io.BytesIO(_recv_exact(sock, n, deadline)), allow_pickle=False)
        except ValueError as exc:
            raise ProtocolError(f"invalid array in message: {exc}") from None
        if arr.dtype.kind not in ALLOWED_KINDS:
            raise ProtocolError(f"array of dtype {arr.dtype} refused")
        arrays.append(arr)
    return header, arrays
