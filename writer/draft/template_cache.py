"""Compiled Jinja templates kept in the per-user cache (writer/cache.py): compiling the section
templates and phrase-bank sentences is a third of a cold `jixiao draft`.

Jinja's own bytecode cache checks each template's source checksum, so an edited template is
compiled afresh. Compiled code also depends on the environment's settings (autoescape,
finalize) and on the filters (one taking the context is called differently), so each environment
flavour has its own file names, which also carry a hash of the Jinja version, render.py (where
the settings are) and filters.py. A corrupt, unreadable or unwritable
entry is ignored; JIXIAO_NO_CACHE=1 turns it off.
"""
from __future__ import annotations

import os
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from .. import cache


class _Quiet(FileSystemBytecodeCache):
    """FileSystemBytecodeCache that never fails the draft because of the cache."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            if not cache.owned_file(self._get_cache_filename(bucket)):
                return  # compiled code someone else wrote is never loaded (as for the pickles)
            super().load_bytecode(bucket)
            if bucket.code is not None:  # in use: kept when the cache is pruned (cache.prune)
                name = self._get_cache_filename(bucket)
                cache.touch(name, os.stat(name).st_mtime)
        except Exception:  # noqa: BLE001 - corrupt entry (e.g. a truncated pickle header): compile
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            super().dump_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unwritable folder, full disk: work on without a cache
            pass


def bytecode_cache(flavour: str) -> FileSystemBytecodeCache | None:
    """The cache for one environment flavour ("markdown" or "plain"), or None when turned off."""
    folder = cache.directory()
    if folder is None:
        return None
    # filters.py too: a filter that takes the context (pass_context) is compiled into the call
    tag = cache.key([flavour, jinja2.__version__, *cache.code_of("writer.draft.render"),
                     *cache.code_of("writer.draft.filters")])[:12]
    return _Quiet(folder, pattern=f"jinja-{flavour}-{tag}-%s.cache")


def from_string(env: jinja2.Environment, source: str) -> jinja2.Template:
    """env.from_string through the environment's bytecode cache (Jinja caches only loaded files)."""
    bcc = env.bytecode_cache
    if bcc is None:
        return env.from_string(source)
    name = "string-" + cache.digest(source.encode("utf-8")).hexdigest()
    bucket = bcc.get_bucket(env, name, None, source)
    code: Any = bucket.code
    if code is None:
        code = env.compile(source)
        bucket.code = code
        bcc.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None), None)
