"""Deterministic messages for the reference checks, built by one rule over the reference
package's generated (betterproto2) message classes.

Every field gets a value computed from its message, field name and number, chosen to catch
the usual mistakes: strings with non-ASCII (2-, 3- and 4-byte UTF-8), '%' and quotes; int64
values above 2^53 (lost through a Double); uint64 above 2^63 (lost through an Int64); int32
negative (10-byte varints) or near the top; uint32 above 2^31; floats exactly representable;
bytes with 0x00 and 0xff; enums at their highest value; repeated fields with two distinct
elements; nested messages filled the same way. Proto3 `optional` fields take three states
by field number: absent (n % 3 == 0), present with the zero value (n % 3 == 1), present with a
non-zero value (n % 3 == 2), so presence is checked as well as values.

Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

import betterproto2
import grpclib.const

import resoio._generated.resonite_io.v1 as wire

MAX_DEPTH = 4


def _meta(field: dataclasses.Field) -> betterproto2.FieldMetadata:
    return field.metadata["betterproto"]


def _field_types(cls: type) -> dict[str, typing.Any]:
    return cls._betterproto.cls_by_field  # type: ignore[attr-defined]


def _scalar(cls: type, name: str, meta: betterproto2.FieldMetadata, index: int, field_type: typing.Any) -> typing.Any:
    n = meta.number
    t = meta.proto_type
    if t == "string":
        return f"{cls.__name__}.{name}#{index} Grüße ✓ 日本語 🙂 100% \"q\""
    if t == "int64":
        return 1_700_000_000_000_000_001 + n * 1_000_003 + index
    if t == "uint64":
        return 18_000_000_000_000_000_001 + n + index
    if t == "int32":
        return -(1_000 + n + index) if n % 2 else 2_000_000_000 + n + index
    if t == "uint32":
        return 4_000_000_000 + n + index
    if t == "float":
        return n + 0.25 + index
    if t == "bool":
        return True
    if t == "bytes":
        return bytes([0x00, 0xFF, n & 0xFF, 0x80, index]) + "ü".encode()
    if t == "enum":
        members = sorted(field_type, key=lambda member: member.value)
        return members[-1 - (index % max(1, len(members) - 1))] if index else members[-1]
    raise TypeError(f"no rule for {t}")


def _zero(meta: betterproto2.FieldMetadata, field_type: typing.Any) -> typing.Any:
    t = meta.proto_type
    if t == "string":
        return ""
    if t == "bytes":
        return b""
    if t == "bool":
        return False
    if t == "float":
        return 0.0
    if t == "enum":
        return field_type(0)
    return 0


def filled(cls: type, depth: int = 0, index: int = 0) -> betterproto2.Message:
    """An instance of `cls` with every field set by the rule (see the module docstring)."""
    types = _field_types(cls)
    values: dict[str, typing.Any] = {}
    for field in dataclasses.fields(cls):
        meta = _meta(field)
        field_type = types[field.name]
        if meta.optional and meta.proto_type != "message":
            state = meta.number % 3
            if state == 0:
                values[field.name] = None
                continue
            if state == 1:
                values[field.name] = _zero(meta, field_type)
                continue
        if meta.proto_type == "message":
            if depth >= MAX_DEPTH:
                continue
            if meta.repeated:
                values[field.name] = [filled(field_type, depth + 1, i) for i in range(2)]
            else:
                values[field.name] = filled(field_type, depth + 1, index)
            continue
        if meta.repeated:
            values[field.name] = [_scalar(cls, field.name, meta, index * 2 + i + 1, field_type) for i in range(2)]
        else:
            values[field.name] = _scalar(cls, field.name, meta, index, field_type)
    return cls(**values)


@dataclasses.dataclass(frozen=True)
class UnaryRPC:
    """One unary RPC of the contract as the reference package's servicer bases declare it."""

    path: str
    service: str  # e.g. "Display"
    method: str  # e.g. "Get"
    base: type  # the generated <Service>Base
    python_name: str  # the Base's coroutine name, e.g. "get"
    request: type
    reply: type


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def servicer_bases() -> list[type]:
    """Every generated `<Service>Base` of resonite_io.v1."""
    return [
        cls
        for name, cls in inspect.getmembers(wire, inspect.isclass)
        if name.endswith("Base") and issubclass(cls, betterproto2.grpclib.grpclib_server.ServiceBase)
    ]


def unary_rpcs() -> list[UnaryRPC]:
    """Every unary RPC, sorted by path (65 in 0.7.0)."""
    rpcs = []
    for base in servicer_bases():
        for path, handler in base().__mapping__().items():
            if handler.cardinality is not grpclib.const.Cardinality.UNARY_UNARY:
                continue
            service, method = path.rsplit("/", 2)[-2:]
            service = service.removeprefix("resonite_io.v1.")
            python_name = _snake(method)
            assert callable(getattr(base, python_name, None)), (base, python_name)
            rpcs.append(UnaryRPC(path, service, method, base, python_name, handler.request_type, handler.reply_type))
    return sorted(rpcs, key=lambda rpc: rpc.path)


def fixture_request(rpc: UnaryRPC) -> betterproto2.Message:
    return filled(rpc.request)


def fixture_reply(rpc: UnaryRPC, request: betterproto2.Message | None = None) -> betterproto2.Message:
    """The reply the reference server sends. Ping echoes the request's message (a healthy
    server does); every other reply is the rule-filled message, whatever was asked."""
    reply = filled(rpc.reply)
    if rpc.path == "/resonite_io.v1.Connection/Ping":
        reply.message = (request or fixture_request(rpc)).message
    return reply
