"""The language server's stdin, with malformed message headers skipped.

pygls reads a header line, and only a `Content-Length: <digits>` line starts a message.
After a malformed one (`Content-Length: abc`) it treats the body as more header lines;
the body has no line end, so the next message's header is read glued to it and never
matches either: the server hangs, ignoring every later message. Here a malformed
`Content-Length` header is logged and its message skipped: lines are dropped until a
valid header, which is cut out of the line it was glued to. A valid header that pygls'
strict pattern would miss (other letter case, spaces, a bare LF) is passed on in the
exact form pygls expects.
"""

from __future__ import annotations

import logging
import re
from typing import BinaryIO

MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # a larger claim is a broken client, not a file

_HEADER = re.compile(rb"content-length:[ \t]*(\d{1,12})[ \t]*\r?\n\Z", re.IGNORECASE)
logger = logging.getLogger(__name__)


class CheckedStdin:
    """`readline` and `read`, as pygls' stdin reader uses them."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._skipping = False
        self.skipped = 0  # malformed headers seen

    def readline(self) -> bytes:
        while True:
            line = self._raw.readline()
            if not line:
                return line
            if self._skipping:
                found = _HEADER.search(line)
                if found is None or not self._acceptable(found.group(1)):
                    continue
                self._skipping = False
                return b"Content-Length: %d\r\n" % int(found.group(1))
            if line[:15].lower() == b"content-length:":
                valid = _HEADER.match(line)
                if valid is None or not self._acceptable(valid.group(1)):
                    self.skipped += 1
                    logger.error("skipped a message with a malformed header: %r", line[:80])
                    self._skipping = True
                    continue
                return b"Content-Length: %d\r\n" % int(valid.group(1))
            return line

    def read(self, size: int) -> bytes:
        return self._raw.read(size)

    @staticmethod
    def _acceptable(digits: bytes) -> bool:
        return 0 < int(digits) <= MAX_MESSAGE_BYTES
