"""File paths as shapes: how FRT101 knows a file holds a face image by where it goes.

A frame written to `temp.jpg` in one function and loaded by a face API from `temp.jpg` in
another was a face image when it was written. Paths are rarely plain literals, so each
path expression is reduced to a *shape*: literal text kept, each unknown part a `*`,
and a named location (a module constant, a config key, a `*_dir` attribute) written as
`{NAME}`:

    './temp.jpg'                               -> temp.jpg
    f"dataset/User.{uid}.{n}.jpg"              -> dataset/User.*.*.jpg
    os.path.join(UPLOAD_DIR, name)             -> {UPLOAD_DIR}/*
    TRAINING_DIR / person / f"{i}.jpg"         -> {TRAINING_DIR}/*/*.jpg
    app.config['UPLOAD_FOLDER'] + '/' + fn     -> {UPLOAD_FOLDER}/*

A shape must start with something known (not `*`): two unrelated `f"{x}.jpg"` are not
the same file. A face API that reads a shape whose last part is unknown (`dataset/*`,
the files of a listing) makes its folder a face folder; otherwise the shape itself is a
face file. A write whose shape is a face file, or lies inside a face folder, keeps a
face image.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Set, Tuple

_MAX_LENGTH = 300


def normalise(shape: str) -> Optional[str]:
    """The comparable form of a shape, or None when it names no known place."""
    text = shape.replace("\\", "/")
    text = re.sub(r"\*+", "*", text)
    text = re.sub(r"/+", "/", text)
    while text.startswith("./"):
        text = text[2:]
    text = text.rstrip("/")
    if not text or text.startswith("*") or text in (".", "..") or len(text) > _MAX_LENGTH or "\n" in text:
        return None
    if not ("/" in text or "." in text or text.startswith("{")):
        return None  # a bare word is more likely not a path at all
    return text


def plain_file_name(shape: str) -> Optional[str]:
    """The file name of a shape that names one file plainly (`temp.jpg`, `db/data.pickle`):
    no unknown part, an extension, long enough not to be found by chance in other code."""
    if "*" in shape or "{" in shape:
        return None
    base = shape.rpartition("/")[2]
    return base if "." in base and len(base) >= 5 else None


def face_places(shapes: Iterable[str]) -> Tuple[Set[str], Set[str]]:
    """(face files, face folders) from the shapes that reach face APIs."""
    files: Set[str] = set()
    folders: Set[str] = set()
    for shape in shapes:
        folder, _, last = shape.rpartition("/")
        if "*" in last:
            if folder and not folder.startswith("*"):
                folders.add(folder)
            if "." in last.replace("*", ""):
                files.add(shape)  # `./pi/*.jpg` written and read the same way
        else:
            files.add(shape)
    return files, folders


def matches(shape: str, files: Set[str], folders: Set[str]) -> Optional[str]:
    """The face file or folder a written shape falls in, if any."""
    if shape in files:
        return shape
    parts = shape.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:cut])
        if prefix in folders:
            return prefix
    return None
