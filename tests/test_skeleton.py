"""The styled skeleton is shipped pre-built (writer/draft/skeletons/); it must be exactly what the
style code builds today. If this fails after a change to docx_style.py, skeleton.py or a rubric's
format, rebuild it: python -m writer.draft.skeleton"""
from __future__ import annotations

import json

from writer.draft import skeleton


def test_shipped_skeletons_are_current() -> None:
    formats = skeleton.shipped_formats()
    assert formats
    for fmt_json, rubric_id in formats.items():
        shipped = skeleton.shipped_path(fmt_json)
        assert shipped.is_file(), f"{rubric_id}: no shipped skeleton; run python -m writer.draft.skeleton"
        assert skeleton.build(json.loads(fmt_json)) == shipped.read_bytes(), \
            f"{shipped.name} is stale ({rubric_id}); run python -m writer.draft.skeleton"
    assert {p.name for p in skeleton.SHIPPED.glob("*.docx")} == {skeleton.shipped_path(f).name for f in formats}


def test_an_unshipped_format_is_built(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_NO_CACHE", "1")
    fmt = json.loads(next(iter(skeleton.shipped_formats())))
    fmt["page_number"]["size_pt"] = "12"  # a province's own format: no shipped skeleton
    fmt_json = json.dumps(fmt, sort_keys=True)
    assert not skeleton.shipped_path(fmt_json).exists()
    assert skeleton.skeleton(fmt_json) == skeleton.build(fmt)
