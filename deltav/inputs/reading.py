"""Reading a user's file safely: a bounded regular file of UTF-8 text, parsed into a :class:`Document`.

The YAML events are turned into plain data by a builder with an explicit stack, so that no input can
recurse, expand aliases without bound or hang the reader; every problem is a located InputError.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from deltav.errors import InputError
from deltav.inputs.document import Document, Loc, keypath

#: Limits on what a user file may hold: far above any real scenario, seed or catalogue, low enough
#: that a hostile file is refused in milliseconds (docs/reliability.md).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32  # nested lists and mappings
MAX_NODES = 50_000  # values in the file, counting each alias as the values it repeats
MAX_SCALAR_CHARS = 10_000  # characters in one value

# Characters YAML forbids (control characters other than tab, LF, CR; C1 controls but NEL; surrogates; U+FFFE/F).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "ESC",
                  0x7F: "DEL"}


def read_text(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a user's file: a regular file of at most ``limit`` bytes, UTF-8 (a BOM is allowed).

    Never blocks and never reads more than ``limit + 1`` bytes: a FIFO, a device (``/dev/zero``), a
    folder, a huge or a compressed file, UTF-16 or Latin-1 text each give an :class:`InputError` naming
    the file (and the line, for a byte that is not UTF-8).
    """
    path = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"not a regular file (it is {_file_kind(mode)})", file=path, expected="a YAML file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=path) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise InputError(f"the file is larger than {limit:,} bytes", file=path,
                         expected="a scenario file of a few kilobytes")
    return decode(data, path)


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a plain file"


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of ``data``; an InputError that says what the bytes look like otherwise."""
    expected = "UTF-8 text (save the file as UTF-8)"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0) != (data[1] == 0)):
        raise InputError("the file is UTF-16 (or UTF-32) text", file=path, line=1, expected=expected)
    for magic, what in ((b"\x1f\x8b", "gzip-compressed"), (b"PK\x03\x04", "a zip archive"),
                        (b"BZh", "bzip2-compressed"), (b"\xfd7zXZ", "xz-compressed")):
        if data.startswith(magic):
            raise InputError(f"the file is {what}, not text", file=path, line=1,
                             expected=f"{expected}; decompress it first")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"byte 0x{data[exc.start]:02x} is not UTF-8 (Latin-1 or another encoding?)", file=path,
                         line=line, expected=expected) from None


def load_yaml(path: str | Path, text: str | None = None) -> Document:
    """Parse a YAML file, recording the line of every mapping key and sequence item.

    Raises :class:`InputError` for unreadable, oversized or non-UTF-8 files, malformed YAML, duplicate
    keys, keys that are lists or mappings, and files past the limits above (nesting depth, values
    after alias expansion, characters in a value). Merge keys (``<<: *base``) are supported; an alias
    of a node that contains it (a recursive alias) is refused. Mapping keys are always strings.
    """
    path = str(path)
    if text is None:
        text = read_text(path)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        code = ord(bad.group())
        name = _CONTROL_NAMES.get(code, "a control character" if code < 0xA0 else "a non-printable character")
        raise InputError(f"character U+{code:04X} ({name}) is not allowed in YAML", file=path,
                         line=text.count("\n", 0, bad.start()) + 1, expected="printable text")
    # libyaml's parser when PyYAML has it (several times faster on the vehicle catalogue); same events and marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        doc = Document(path, None, {(): 1})
        doc.data = _Builder(loader, doc).build()
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (context), and say where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        where = f" on line {exc.problem_mark.line + 1}" if exc.context_mark and exc.problem_mark else ""
        what = f"{exc.context} here: {exc.problem}{where}" if exc.context else f"{exc.problem}"
        raise InputError(f"malformed YAML: {what}", file=path,
                         line=mark.line + 1 if mark else None,
                         expected="valid YAML (check indentation, colons and quotes)") from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=path) from None
    finally:
        loader.dispose()
    return doc


_OPEN = object()  # an anchor whose node is still being read: an alias to it would be recursive
_MERGE = "tag:yaml.org,2002:merge"


@dataclass
class _Frame:
    """A list or mapping being read: its value, key path, and (mappings) the pending key and merges."""

    value: Any
    loc: Loc
    anchor: str | None
    line: int
    size: int = 1
    key: Any = None  # mapping: the key read, waiting for its value (None: next scalar is a key)
    key_line: int = 0
    merges: list = field(default_factory=list)  # (mapping, line) pairs from '<<' keys, in order
    merging: bool = False  # the value being read belongs to a '<<' key


class _Builder:
    """Plain data from the parser's events, with an explicit stack (no recursion, whatever the depth).

    Counting as it goes makes every limit cheap: depth is the stack's height, and an alias adds the
    size of the node it repeats without expanding it (the value is shared, never copied).
    """

    def __init__(self, loader, doc: Document):
        self.loader, self.doc = loader, doc
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}  # name -> (value, size), or _OPEN
        self.nodes = 0

    def fail(self, event, message: str, expected: str | None = None) -> InputError:
        line = event.start_mark.line + 1 if event.start_mark else None
        frame = self.stack[-1] if self.stack else None
        loc = () if frame is None else frame.loc + ((frame.key,) if isinstance(frame.value, dict) and
                                                    frame.key is not None else ())
        return InputError(message, file=self.doc.path, line=line, key=keypath(loc) or None, expected=expected)

    def build(self) -> Any:
        loader, root, documents = self.loader, None, 0
        while True:
            ev = loader.get_event()
            if isinstance(ev, yaml.StreamEndEvent):
                return root
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail(ev, "more than one YAML document ('---') in the file", "a single document")
            elif isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                                 yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = self.event(ev)
                if done is not _OPEN:
                    root = done

    def event(self, ev) -> Any:
        """Handle one node event; return the root value when it is complete, else _OPEN."""
        if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            if isinstance(frame.value, dict) and frame.merges:
                self.merge(frame)
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.value, frame.size)
            return self.add(ev, frame.value, frame.size, frame.line)
        parent = self.stack[-1] if self.stack else None
        key_position = parent is not None and isinstance(parent.value, dict) and parent.key is None
        if isinstance(ev, yaml.AliasEvent):
            hit = self.anchors.get(ev.anchor)
            if hit is None:
                raise self.fail(ev, f"alias '*{ev.anchor}' refers to no anchor '&{ev.anchor}' above it")
            if hit is _OPEN:
                raise self.fail(ev, f"alias '*{ev.anchor}' is inside the node it repeats (a recursive alias)",
                                "an alias of a node that is complete")
            value, size = hit
            if key_position:
                if isinstance(value, (dict, list)):
                    raise self.fail(ev, "a key must be a plain name, not a list or a mapping")
                return self.key(parent, ev, str(value))
            return self.add(ev, value, size, ev.start_mark.line + 1)
        if isinstance(ev, yaml.ScalarEvent):
            if len(ev.value) > MAX_SCALAR_CHARS:
                raise self.fail(ev, f"a value of {len(ev.value):,} characters (at most {MAX_SCALAR_CHARS:,})")
            if key_position:
                tag = self.loader.resolve(yaml.ScalarNode, ev.value, ev.implicit) if ev.tag in (None, "!") else ev.tag
                if tag == _MERGE:
                    parent.key, parent.key_line, parent.merging = "<<", ev.start_mark.line + 1, True
                    return _OPEN
                if ev.anchor is not None:
                    self.anchors[ev.anchor] = (ev.value, 1)
                return self.key(parent, ev, ev.value)
            value = self.scalar(ev)
            if ev.anchor is not None:
                self.anchors[ev.anchor] = (value, 1)
            return self.add(ev, value, 1, ev.start_mark.line + 1)
        # A list or a mapping starts.
        if key_position:
            raise self.fail(ev, "a key must be a plain name, not a list or a mapping", "key: value")
        if ev.tag not in (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            raise self.fail(ev, f"tag '{ev.tag}' is not supported", "plain lists and mappings")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(ev, f"lists and mappings nested more than {MAX_DEPTH} deep")
        loc = () if parent is None else self.child_loc(parent)
        value: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
        self.count(ev, 1)
        if ev.anchor is not None:
            self.anchors[ev.anchor] = _OPEN
        self.stack.append(_Frame(value, loc, ev.anchor, ev.start_mark.line + 1))
        return _OPEN

    def scalar(self, ev) -> Any:
        tag = self.loader.resolve(yaml.ScalarNode, ev.value, ev.implicit) if ev.tag in (None, "!") else ev.tag
        if tag == _MERGE:  # '<<' as a value is just text
            return ev.value
        node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):  # e.g. a date like 2026-13-01: keep the text, validators explain
            return ev.value

    def key(self, parent: _Frame, ev, key: str) -> Any:
        if key in parent.value:
            raise InputError(f"duplicate key '{key}'", file=self.doc.path, line=ev.start_mark.line + 1,
                             key=keypath(parent.loc + (key,)), expected="each key once per mapping")
        if len(key) > 200:
            raise self.fail(ev, f"a key of {len(key):,} characters", "a key name")
        self.count(ev, 1)
        parent.key, parent.key_line = key, ev.start_mark.line + 1
        return _OPEN

    def child_loc(self, parent: _Frame) -> Loc:
        if isinstance(parent.value, dict):
            return parent.loc + (parent.key,)  # "<<" while merging: lines kept apart from real keys
        return parent.loc + (len(parent.value),)

    def count(self, ev, n: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(ev, f"more than {MAX_NODES:,} values (counting what aliases repeat)",
                            "a scenario of a few hundred values")

    def add(self, ev, value: Any, size: int, line: int) -> Any:
        """Attach a complete value to the node being read; return it if it is the root."""
        if not self.stack:
            return value
        if not isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self.count(ev, size)  # containers counted themselves as they opened
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            self.doc.lines[parent.loc + (len(parent.value),)] = line
            parent.value.append(value)
            return _OPEN
        if parent.merging:
            items = value if isinstance(value, list) else [value]
            if not items or not all(isinstance(m, dict) for m in items):
                raise self.fail(ev, "a merge key '<<' takes a mapping or a list of mappings",
                                "<<: *anchor, or <<: [*a, *b]")
            parent.merges += [(m, parent.key_line) for m in items]
        else:
            self.doc.lines[parent.loc + (parent.key,)] = parent.key_line
            parent.value[parent.key] = value
        parent.key, parent.merging = None, False
        return _OPEN

    def merge(self, frame: _Frame) -> None:
        """YAML merge keys: keys of the mapping itself win, then the merged mappings in the order given."""
        merged: dict = {}
        for mapping, line in frame.merges:
            for k, v in mapping.items():
                if k not in merged and k not in frame.value:
                    merged[k] = v
                    self.doc.lines[frame.loc + (str(k),)] = line
        frame.value.update({str(k): v for k, v in merged.items()})
