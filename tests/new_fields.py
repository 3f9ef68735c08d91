"""Fields the drafter has and `import` does not read back yet (dept, issue 9 item 1).

The department report's 机构和人员 … 资产管理, 重点工作 and the evaluation report's 评价方法与标准 and
问题与建议 are drafted from figures and records; reading them back out of a DOCX is the importer's
next step (issue 8). Round-trip tests compare the fields `import` knows on a copy of the example
without these — the same report as before they existed — so that promise keeps being tested.
"""
from __future__ import annotations

from pathlib import Path

import yaml

NOT_IMPORTED_YET = ("机构和人员", "重点工作完成情况", "三公经费", "预决算公开", "政府采购", "资产管理", "评价方法与标准")


def without_new_fields(src: Path, folder: Path) -> Path:
    """A copy of `src` without the fields `import` cannot read back; 问题与建议 as the two plain lists."""
    data = yaml.load(src.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if not any(k in data for k in (*NOT_IMPORTED_YET, "问题与建议")):
        return src
    for key in NOT_IMPORTED_YET:
        data.pop(key, None)
    for row in data.get("绩效指标") or []:
        row.pop("重点工作", None)
    issues = data.pop("问题与建议", None)
    if issues:
        data["存在问题"] = [i["问题"] + "。" for i in issues]
        data["有关建议"] = [i["建议"].strip() for i in issues if i.get("建议")]
    out = folder / f"known-{src.name}"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
