"""Seeded mutations of recorded upstream bodies: bytes, sfctm2 lines and tokens, JSON values.

Every mutant is a function of one ``random.Random``, so a failing one is found again from the
seed and its index alone.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

# Tokens that have broken number parsers: sentinels, overflow, non-ASCII digits, bad times.
TOKENS = ("-9", "-9.0", "-99.0", "-999", "0", "-0.0", "99999999999999999999", "1e309", "nan",
          "inf", "-", "٣", "١٢.٥", "1.2.3", "0x10", "+5", "--1", "ＡＢ", "202513450900",
          "999912312359", "000000000000", "19", "0119", "9" * 40)
BYTES = (b"\x00", b"\xff", b"\xfe\xff", b"-", b"9", b"#", b"\n", b"\r", b" ", b"{", b"<",
         b'"', b"\xea\xb0", b"#7777END\n", b"#START7777\n")
VALUES: tuple[Any, ...] = (None, True, False, 0, -1, 1e308, 2**70, "", "  ", "NaN", "-999",
                           "900", "1.5", "03", "22", "30", "99", [], {}, [[]], {"item": []},
                           "강수없음", "\u0000", "x" * 300)

Mutator = Callable[[random.Random, bytes], bytes]


def _span(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = rng.randrange(len(data) or 1)
    return start, min(len(data), start + rng.randint(1, 64))


def flip_bit(rng: random.Random, data: bytes) -> bytes:
    """One bit of one byte flipped."""
    if not data:
        return b"\x01"
    index = rng.randrange(len(data))
    return data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1:]


def delete_span(rng: random.Random, data: bytes) -> bytes:
    """A run of up to 64 bytes removed."""
    start, end = _span(rng, data)
    return data[:start] + data[end:]


def duplicate_span(rng: random.Random, data: bytes) -> bytes:
    """A run of up to 64 bytes written twice."""
    start, end = _span(rng, data)
    return data[:end] + data[start:end] + data[end:]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    """Interesting or random bytes inserted anywhere."""
    extra = rng.choice(BYTES) if rng.random() < 0.7 else rng.randbytes(rng.randint(1, 16))
    index = rng.randrange(len(data) + 1)
    return data[:index] + extra + data[index:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    """The body cut anywhere."""
    return data[:rng.randrange(len(data) + 1)]


BYTE_MUTATORS: tuple[Mutator, ...] = (flip_bit, delete_span, duplicate_span, insert_bytes,
                                      truncate)


def _lines(data: bytes) -> list[str]:
    return data.decode("cp949", errors="replace").split("\n")


def sfctm2_token(rng: random.Random, data: bytes) -> bytes:
    """One field of one line replaced, added or removed."""
    lines = _lines(data)
    index = rng.randrange(len(lines))
    tokens = lines[index].split() or [""]
    spot = rng.randrange(len(tokens))
    action = rng.random()
    if action < 0.7:
        tokens[spot] = rng.choice(TOKENS)
    elif action < 0.85:
        tokens.insert(spot, rng.choice(TOKENS))
    else:
        del tokens[spot]
    lines[index] = " ".join(tokens)
    return "\n".join(lines).encode("cp949", errors="replace")


def sfctm2_lines(rng: random.Random, data: bytes) -> bytes:
    """Lines dropped, doubled or swapped."""
    lines = _lines(data)
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.random()
    if action < 0.4:
        del lines[first]
    elif action < 0.7:
        lines.insert(first, lines[second])
    else:
        lines[first], lines[second] = lines[second], lines[first]
    return "\n".join(lines).encode("cp949", errors="replace")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


def json_value(rng: random.Random, data: bytes) -> bytes:
    """One value anywhere in the document replaced, removed or wrapped in a list."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return flip_bit(rng, data)
    path = rng.choice(_paths(document))
    action = rng.random()
    if action < 0.6 or not path:
        document = _set(document, path, rng.choice(VALUES))
    elif action < 0.8:
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    else:
        parent = document
        for step in path:
            parent = parent[step]
        document = _set(document, path, [parent])
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode()


def json_nesting(rng: random.Random, data: bytes) -> bytes:
    """The document buried under thousands of brackets (a recursion-depth attack)."""
    depth = rng.choice((50, 5_000, 50_000))
    return b"[" * depth + data + b"]" * depth


def mutate(rng: random.Random, data: bytes, structural: tuple[Mutator, ...]) -> bytes:
    """One to three mutations, structural ones twice as likely as raw byte ones."""
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice((*structural, *structural, *BYTE_MUTATORS))
        data = mutator(rng, data)
    return data


SFCTM2_MUTATORS = (sfctm2_token, sfctm2_lines)
JSON_MUTATORS = (json_value, json_value, json_nesting)
