"""Limits on what dtrack reads: beyond them a file is refused with a clear message, unread.

Apart from yamlio so that a run that parses nothing (everything from the cache) need not
import the YAML machinery to know them."""

MAX_FILE_BYTES = 8 * 1024 * 1024  # a directive is tens of KB; a file of 8 MB is not one
MAX_DEPTH = 64  # levels of nesting; the format needs five
