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
        np.save(buf, np.require(arr, requirements='C'), allow_pickle=False)  # keeps 0-d
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
    """Inverse of :func:`encode`; builds only plain Python and numpy values."""
    if data is None or isinstance(data, (bool, str, float)):
        return data
    if isinstance(data, int):
        return data
    if isinstance(data, list):
        return [decode(v, arrays) for v in data]
    if isinstance(data, dict):
        if "__int__" in data:
            return int(data["__int__"])
        if "__float__" in data:
            return float(data["__float__"])
        if "__ndarray__" in data:
            return arrays[int(data["__ndarray__"])]
        if "__tuple__" in data:
            return tuple(decode(v, arrays) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): decode(v, arrays) for k, v in data["__dict__"].items()}
        if "__handle__" in data:
            return Handle(int(data["__handle__"]), str(data.get("type", "object"))[:100])
    raise ProtocolError(f"unexpected value in message: {str(data)[:80]}")


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
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


def recv_message(sock: socket.socket) -> tuple[dict, list[np.ndarray]]:
    (size,) = struct.unpack(">Q", _recv_exact(sock, 8))
    if size > MAX_HEADER_BYTES:
        raise ProtocolError(f"message header of {size} bytes is too large")
    try:
        header = json.loads(_recv_exact(sock, size))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"message header is not JSON: {exc}") from None
    if not isinstance(header, dict):
        raise ProtocolError("message header is not a JSON object")
    arrays = []
    for _ in range(int(header.get("n_arrays", 0))):
        (n,) = struct.unpack(">Q", _recv_exact(sock, 8))
        if n > MAX_ARRAY_BYTES:
            raise ProtocolError(f"array of {n} bytes is too large")
        try:
            arr = np.load(io.BytesIO(_recv_exact(sock, n)), allow_pickle=False)
        except ValueError as exc:
            raise ProtocolError(f"invalid array in message: {exc}") from None
        if arr.dtype.kind not in ALLOWED_KINDS:
            raise ProtocolError(f"array of dtype {arr.dtype} refused")
        arrays.append(arr)
    return header, arrays
