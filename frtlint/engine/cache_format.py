"""The cache's file format: JSON checked against the fact classes' own type hints.

Cached facts and run results are read back from disk, a place a pull request or
another user may write to. They are therefore plain data (never pickle, which runs
code while loading) and every value is checked against the type its dataclass field
declares: anything else makes the whole entry a cache miss.

A dataclass is written as the list of its field values in declaration order; values
typed `Any` (literal arguments) carry a one-key tag for lists, tuples and dicts.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import typing
from functools import lru_cache
from typing import Any, Callable, Dict, List, Tuple

from frtlint.analysis.facts import NOT_A_LITERAL


class FormatError(ValueError):
    """The stored data does not have the declared shape."""


_Decoder = Callable[[Any], Any]
_Encoder = Callable[[Any], Any]


def dumps(value: Any, hint: Any) -> bytes:
    return json.dumps(_encoder(hint)(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def loads(data: bytes, hint: Any) -> Any:
    """The value `dumps` wrote; FormatError for anything else (bad JSON, wrong shape, too deep)."""
    try:
        raw = json.loads(data.decode("utf-8"))
        return _decoder(hint)(raw)
    except FormatError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError, OverflowError) as error:
        raise FormatError(str(error) or type(error).__name__) from None


# -- Any: literal argument values ------------------------------------------------------
def _encode_any(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if value is NOT_A_LITERAL:
        return {"n": 0}
    if type(value) is list:
        return {"l": [_encode_any(v) for v in value]}
    if type(value) is tuple:
        return {"t": [_encode_any(v) for v in value]}
    if type(value) is dict:
        return {"d": [[_encode_any(k), _encode_any(v)] for k, v in value.items()]}
    raise FormatError(f"cannot store a {type(value).__name__}")


def _decode_any(raw: Any) -> Any:
    if raw is None or type(raw) in (bool, int, float, str):
        return raw
    if type(raw) is dict and len(raw) == 1:
        (tag, body), = raw.items()
        if tag == "n":
            return NOT_A_LITERAL
        if tag in ("l", "t") and type(body) is list:
            items = [_decode_any(v) for v in body]
            return items if tag == "l" else tuple(items)
        if tag == "d" and type(body) is list:
            result = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2:
                    raise FormatError("a dict entry is not a pair")
                key = _decode_any(pair[0])
                if type(key) not in (str, int):
                    raise FormatError("a dict key is not a string or an integer")
                result[key] = _decode_any(pair[1])
            return result
    raise FormatError("unexpected value")


# -- type-directed codecs --------------------------------------------------------------
def _scalar(kind: type) -> _Decoder:
    def decode(raw: Any) -> Any:
        if type(raw) is not kind:
            raise FormatError(f"expected {kind.__name__}, found {type(raw).__name__}")
        return raw

    return decode


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=None)
def _encoder(hint: Any) -> _Encoder:
    if hint is Any:
        return _encode_any
    if hint in (int, str, bool, float):
        return _identity
    if dataclasses.is_dataclass(hint):
        parts = [(f.name, _encoder(t)) for f, t in _fields(hint)]
        return lambda value: [encode(getattr(value, name)) for name, encode in parts]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        inner = _encoder(_optional_of(hint))
        return lambda value: None if value is None else inner(value)
    if origin in (list, tuple, frozenset):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            items = [_encoder(a) for a in args]
            return lambda value: [encode(v) for encode, v in zip(items, value)]
        item = _encoder(args[0])
        if origin is frozenset:
            return lambda value: sorted(item(v) for v in value)
        return lambda value: [item(v) for v in value]
    if origin is dict:
        key, val = _encoder(args[0]), _encoder(args[1])
        return lambda value: [[key(k), val(v)] for k, v in value.items()]
    raise TypeError(f"no cache encoding for {hint!r}")


@lru_cache(maxsize=None)
def _decoder(hint: Any) -> _Decoder:
    if hint is Any:
        return _decode_any
    if hint in (int, str, bool, float):
        return _scalar(hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        inner = _decoder(_optional_of(hint))
        return lambda raw: None if raw is None else inner(raw)
    if origin in (list, tuple, frozenset):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return _fixed_tuple_decoder(tuple(_decoder(a) for a in args))
        item = _decoder(args[0])
        build: Callable[[Any], Any] = {list: list, tuple: tuple, frozenset: frozenset}[origin]

        def sequence(raw: Any) -> Any:
            if type(raw) is not list:
                raise FormatError("expected a list")
            return build(item(v) for v in raw)

        return sequence
    if origin is dict:
        return _dict_decoder(_decoder(args[0]), _decoder(args[1]))
    raise TypeError(f"no cache decoding for {hint!r}")


def _fixed_tuple_decoder(items: Tuple[_Decoder, ...]) -> _Decoder:
    def decode(raw: Any) -> Any:
        if type(raw) is not list or len(raw) != len(items):
            raise FormatError(f"expected {len(items)} items")
        return tuple(item(v) for item, v in zip(items, raw))

    return decode


def _dict_decoder(key: _Decoder, value: _Decoder) -> _Decoder:
    def decode(raw: Any) -> Any:
        if type(raw) is not list:
            raise FormatError("expected a list of pairs")
        result = {}
        for pair in raw:
            if type(pair) is not list or len(pair) != 2:
                raise FormatError("expected a pair")
            result[key(pair[0])] = value(pair[1])
        return result

    return decode


def _dataclass_decoder(kind: type) -> _Decoder:
    parts: List[_Decoder] = [_decoder(t) for _, t in _fields(kind)]

    def decode(raw: Any) -> Any:
        if type(raw) is not list or len(raw) != len(parts):
            raise FormatError(f"expected the {len(parts)} fields of {kind.__name__}")
        return kind(*[part(v) for part, v in zip(parts, raw)])

    return decode


def _fields(kind: type) -> List[Tuple[dataclasses.Field, Any]]:
    hints = typing.get_type_hints(kind, vars(sys.modules[kind.__module__]))
    return [(f, hints[f.name]) for f in dataclasses.fields(kind) if f.init]


def _optional_of(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if len(args) != 1 or len(typing.get_args(hint)) != 2:
        raise TypeError(f"only Optional[X] unions can be cached, not {hint!r}")
    return args[0]


def schema_names(hint: Any) -> Dict[str, List[str]]:
    """Field names of every dataclass reachable from `hint`: part of the format's identity."""
    found: Dict[str, List[str]] = {}

    def visit(current: Any) -> None:
        if dataclasses.is_dataclass(current):
            if current.__name__ in found:
                return
            found[current.__name__] = [f"{f.name}:{t}" for f, t in _fields(current)]
            for _, t in _fields(current):
                visit(t)
            return
        for arg in typing.get_args(current):
            if arg is not Ellipsis:
                visit(arg)

    visit(hint)
    return found
