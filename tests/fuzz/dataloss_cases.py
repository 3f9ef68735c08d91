"""Hostile cases for "nothing lost, nothing silently wrong" (issue 12 items 1–6).

`cases()` gives them in the engine corpus's form (tests/fuzz/corpus.py Case: name, files,
argv, fast) for bench/fuzz.py and tests/fuzz/runner.py, and registers `engine_check` (lost units,
silent drops) in runner.EXTRA_CHECKS. They are built from the cases below, which carry their own
judge and also run without the engine's runner:
    for case in hostile_cases(seed):    # HostileCase(name, group, setup, judge)
        with tempfile.TemporaryDirectory() as tmp:
            argv, inputs = case.setup(Path(tmp))          # jixiao arguments; files the run must not change
            proc = subprocess.run([*jixiao, *argv], cwd=tmp, timeout=…, capture_output=True, text=True)
            counts = case.judge(Path(tmp), proc.returncode, proc.stdout, proc.stderr)
    `counts` has lost_units, silent_drops, formula_cells (the runner adds crashes, hangs and
    inputs_modified itself by comparing `inputs` before and after). `run_all()` does all of this
    and is what `python -m tests.fuzz.dataloss_cases` prints.

A lost unit is a unit that is neither drafted into a report of its own nor reported as failed;
a silent drop is text or a figure that is missing or wrong while the run says it succeeded.
"""
from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "project-zhanjiang-2020.yaml"
BATCH_OUT = "out/batch"  # outputs under out/, as the engine's fuzz runner expects
SRC = EXAMPLE.read_text(encoding="utf-8")
BASE = SRC.replace("自评得分: 100\n", "").replace("自评等级: 优\n", "")  # totals computed per unit

FORMULAS = ['=HYPERLINK("http://example.invalid","点此")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "＝1+1", "=1+1"]
MARKUP = ["```", "<!-- 未闭合的注释", "<div>块</div>", "# 井号开头", "__下划线__", "&amp;", "**粗体**", "[链接](http://x)",
          "1. 编号", "- 列表", "> 引用", "| a | b |", "---", "~~~", "<script>alert(1)</script>", "`code`", "&#x41;",
          "![图](x.png)", "{{ 7 * 7 }}", "{% for x in y %}", "<br>", "\\", "12) 项"]
BAD_UNITS: dict[str, bytes | None] = {
    "huge-amount": SRC.replace('执行数: "445.00"\n  资金来源', '执行数: "1' + "2" * 40 + '"\n  资金来源').encode(),
    "many-separators": SRC.replace('执行数: "445.00"\n  资金来源', '执行数: "1,2,3,4,5,6,7,8,9,0,1,2"\n  资金来源').encode(),
    "control-char": SRC.replace("中共湛江市委组织部", "中共\x01湛江").encode(),
    "nul-byte": SRC.replace("中共湛江市委组织部", "中共\x00湛江").encode(),
    "gbk": SRC.encode("gbk"),
    "utf16": SRC.encode("utf-16"),
    "list": b"- 1\n- 2\n",
    "scalar": b"just text\n",
    "bad-yaml": "单位名称: [未闭合\n".encode(),
    "empty": b"",
    "bom": b"\xef\xbb\xbf" + SRC.encode(),
    "deep": ("a: " + "[" * 500 + "]" * 500 + "\n").encode(),
    "aliases": ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))).encode(),
    "long-field": SRC.replace("中共湛江市委组织部", "长" * 200_000).encode(),
    "directory": None,  # a folder named like a data file
}


@dataclass
class HostileCase:
    name: str
    group: str
    setup: Callable[[Path], tuple[list[str], list[Path]]]
    judge: Callable[[Path, int, str, str], dict[str, int]]


def _zero() -> dict[str, int]:
    return {"lost_units": 0, "silent_drops": 0, "formula_cells": 0}


def _book(folder: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "资金.执行数", "资金.资金来源.1.执行数"])
    for r in range(len(rows)):
        for c, v in enumerate(rows[r], 1):
            cell = ws.cell(row=r + 2, column=c, value=v)
            cell.data_type = "s" if isinstance(v, str) else cell.data_type  # a name like "=x" is text here
    wb.create_sheet("共同设置").append(["基础数据文件", "base.yaml"])
    book = folder / "units.xlsx"
    wb.save(book)
    return book


def _summary(out: Path) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    if not (out / "汇总.xlsx").exists():
        return []
    return list(load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))


def formula_cells(book: Path) -> int:
    """Cells stored as formulas in any sheet of a workbook."""
    if not book.exists():
        return 0
    with zipfile.ZipFile(book) as z:
        return sum(z.read(n).count(b"<f>") + z.read(n).count(b"<f ") for n in z.namelist()
                   if n.startswith("xl/worksheets/"))


def _judge_units(expected: dict[str, str]) -> Callable[[Path, int, str, str], dict[str, int]]:
    """expected: unit source → execution rate it must show ("" = may fail, but must be reported)."""
    def judge(tmp: Path, code: int, out: str, err: str) -> dict[str, int]:
        counts = _zero()
        outdir = tmp / BATCH_OUT
        rows = _summary(outdir)
        counts["formula_cells"] = formula_cells(outdir / "汇总.xlsx")
        by_source = {str(r[1]): r for r in rows}
        reports = {str(r[3]) for r in rows if r[2] in ("已生成", "未变，跳过")}
        for source, rate in expected.items():
            r = by_source.get(source)
            if r is None:
                counts["lost_units"] += 1
            elif r[2] in ("已生成", "未变，跳过"):
                if not (outdir / str(r[3])).is_file():
                    counts["lost_units"] += 1
                elif rate and r[6] != rate:
                    counts["silent_drops"] += 1  # another unit's figures shown for this one
            elif not r[11]:
                counts["silent_drops"] += 1  # failed without saying why
        if len(reports) < sum(1 for r in rows if r[2] in ("已生成", "未变，跳过")):
            counts["lost_units"] += 1  # two units share one report file
        return counts
    return judge


# -- batch cases --------------------------------------------------------------------------------
def _collision_case(names: list[str], rates: list[str], label: str) -> HostileCase:
    spent = {"100%": "445", "75%": "333.75", "50%": "222.5", "89.89%": "400"}

    def setup(tmp: Path) -> tuple[list[str], list[Path]]:
        book = _book(tmp, [[n, spent[r], spent[r]] for n, r in zip(names, rates)])
        return ["batch", str(book), "-o", str(tmp / BATCH_OUT)], [book, tmp / "base.yaml"]

    expected = {f"units.xlsx“单位”表第{i + 2}行": r for i, r in enumerate(rates)}
    return HostileCase(f"batch-collision-{label}", "batch", setup, _judge_units(expected))


def _bad_unit_case(kind: str) -> HostileCase:
    def setup(tmp: Path) -> tuple[list[str], list[Path]]:
        units = tmp / "units"
        units.mkdir()
        (units / "a-good.yaml").write_text(SRC, encoding="utf-8")
        bad = units / f"b-{kind}.yaml"
        raw = BAD_UNITS[kind]
        if raw is None:
            bad.mkdir()
        else:
            bad.write_bytes(raw)
        (units / "c-good.yaml").write_text(SRC, encoding="utf-8")
        return ["batch", str(units), "-o", str(tmp / BATCH_OUT)], [p for p in units.iterdir() if p.is_file()]

    expected = {"a-good.yaml": "100%", f"b-{kind}.yaml": "", "c-good.yaml": "100%"}
    return HostileCase(f"batch-bad-unit-{kind}", "batch", setup, _judge_units(expected))


def _formula_case(name: str, i: int) -> HostileCase:
    def setup(tmp: Path) -> tuple[list[str], list[Path]]:
        units = tmp / "units"
        units.mkdir()
        safe = name.replace("/", "／")  # a folder unit's name is its file name
        (units / f"{safe}.yaml").write_text(SRC, encoding="utf-8")
        (units / "ok.yaml").write_text(SRC, encoding="utf-8")
        book = _book(tmp, [[name, "445", "445"], ["正常单位", "445", "445"]])
        return ["batch", str(units if i % 2 else book), "-o", str(tmp / BATCH_OUT)], [book, *units.iterdir()]

    def judge(tmp: Path, code: int, out: str, err: str) -> dict[str, int]:
        counts = _zero()
        counts["formula_cells"] = formula_cells(tmp / BATCH_OUT / "汇总.xlsx")
        rows = _summary(tmp / BATCH_OUT)
        counts["lost_units"] = max(0, 2 - len(rows))
        return counts

    return HostileCase(f"batch-formula-{i}", "batch", setup, judge)


def _random_names(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    pool = "甲乙丙丁 /\\:*?\"<>|\t._-=+@#&%　（）【】单位局委办" + "".join(chr(c) for c in range(0x4E00, 0x4E40))
    names = []
    for _ in range(n):
        names.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 12))).strip() or "甲")
    names += names[: n // 4]  # some exact duplicates
    return names


def _random_names_case(seed: int) -> HostileCase:
    names = _random_names(seed, 12)
    rates = [("100%", "75%", "50%", "89.89%")[i % 4] for i in range(len(names))]
    return _collision_case(names, rates, f"random-{seed}")


# -- draft cases --------------------------------------------------------------------------------
def _markup_case(fragment: str, i: int) -> HostileCase:
    import yaml

    def setup(tmp: Path) -> tuple[list[str], list[Path]]:
        data = yaml.load(SRC, Loader=yaml.BaseLoader)
        data["项目概况"]["项目背景"] = f"{fragment}〔甲〕"
        data["资金"]["执行偏差说明"] = f"{fragment}〔乙〕"
        data["存在问题"] = [f"{fragment}〔丙〕"]
        data["绩效指标"][0]["三级指标"] = f"{fragment}〔丁〕"
        src = tmp / "data.yaml"
        src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return ["draft", str(src), "-o", str(tmp / "out" / "r.docx"), "--md", str(tmp / "out" / "r.md")], [src]

    def judge(tmp: Path, code: int, out: str, err: str) -> dict[str, int]:
        counts = _zero()
        if code != 0:
            return counts  # refused with a message: not silent
        import docx

        from writer.read.docx_reader import paragraph_text

        d = docx.Document(str(tmp / "out" / "r.docx"))
        text = "\n".join(paragraph_text(p) for p in d.element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
        counts["silent_drops"] = sum(1 for mark in "甲乙丙丁" if f"{fragment.strip()}〔{mark}〕" not in text)
        return counts

    return HostileCase(f"draft-markup-{i}", "draft", setup, judge)


def _paths_case(label: str, argv: Callable[[Path], list[str]]) -> HostileCase:
    def setup(tmp: Path) -> tuple[list[str], list[Path]]:
        src = tmp / "data.yaml"
        src.write_text(SRC, encoding="utf-8")
        (tmp / "bank.yaml").write_text("phrases: {}\n", encoding="utf-8")
        args = argv(tmp)
        if str(tmp / "link.yaml") in args:
            (tmp / "link.yaml").symlink_to(src.name)
        return args, [src, tmp / "bank.yaml"]

    def judge(tmp: Path, code: int, out: str, err: str) -> dict[str, int]:
        counts = _zero()
        if code == 0:
            counts["silent_drops"] = 1  # an output over another output or an input was accepted
        return counts

    return HostileCase(f"paths-{label}", "paths", setup, judge)


PATH_CASES: dict[str, Callable[[Path], list[str]]] = {
    "o-equals-md": lambda t: ["draft", str(t / "data.yaml"), "-o", str(t / "x.docx"), "--md", str(t / "x.docx")],
    "o-is-data": lambda t: ["draft", str(t / "data.yaml"), "-o", str(t / "data.yaml"), "--force"],
    "o-is-data-symlink": lambda t: ["draft", str(t / "data.yaml"), "-o", str(t / "link.yaml"), "--force"],
    "o-is-phrasebank": lambda t: ["draft", str(t / "data.yaml"), "-o", str(t / "bank.yaml"), "--phrasebank",
                                  str(t / "bank.yaml"), "--force"],
    "o-is-dir": lambda t: ["draft", str(t / "data.yaml"), "-o", str(t / "out"), "--force"],
    "rollover-over-input": lambda t: ["rollover", str(t / "data.yaml"), "-o", str(t / "link.yaml"), "--force"],
    "import-over-input": lambda t: ["import", str(t / "data.yaml"), "-o", str(t / "data.yaml"), "--force"],
}


def hostile_cases(seed: int = 0) -> Iterator[HostileCase]:
    yield _collision_case(["甲 单位", "甲/单位", "甲:单位", "甲 单位"], ["100%", "75%", "89.89%", "50%"], "space-slash")
    yield _collision_case(["ABC", "abc", "Abc"], ["100%", "75%", "50%"], "case")
    yield _collision_case(["CON", "nul", "..", "."], ["100%", "75%", "50%", "89.89%"], "reserved")
    yield _collision_case(["乙" * 300, "乙" * 300 + "二"], ["100%", "75%"], "long")
    for s in range(seed, seed + 6):
        yield _random_names_case(s)
    for kind in BAD_UNITS:
        yield _bad_unit_case(kind)
    for i, f in enumerate(FORMULAS * 2):
        yield _formula_case(f, i)
    for i, f in enumerate(MARKUP):
        yield _markup_case(f, i)
    for label, argv in PATH_CASES.items():
        yield _paths_case(label, argv)


# -- the engine's fuzz runner (tests/fuzz/corpus.py + runner.py) ---------------------------------
FAST = {"batch-collision-space-slash", "batch-formula-0", "draft-markup-1", "paths-o-equals-md"}


def cases() -> list[Any]:
    """These cases as the engine corpus's Case(name, files, argv, fast): files written by each
    setup in a scratch folder, with relative paths. Cases that need a symlink or an empty folder
    cannot be files and stay in run_all() only."""
    from .corpus import Case as FuzzCase
    from .runner import EXTRA_CHECKS

    if engine_check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(engine_check)
    out = []
    for case in hostile_cases():
        with tempfile.TemporaryDirectory() as tmp:
            here = os.getcwd()
            os.chdir(tmp)
            try:
                argv, _ = case.setup(Path("."))
            finally:
                os.chdir(here)
            folder = Path(tmp)
            entries = list(folder.rglob("*"))
            if any(p.is_symlink() or (p.is_dir() and not any(p.iterdir())) for p in entries):
                continue
            files = {str(p.relative_to(folder)): p.read_bytes() for p in entries if p.is_file()}
            out.append(FuzzCase(f"dataloss/{case.name}", files, argv, fast=case.name in FAST))
    return out


def engine_check(case: Any, folder: Path, result: Any) -> dict[str, int]:
    """For runner.EXTRA_CHECKS: lost units and silent drops of a dataloss case (formula cells
    are counted by the runner's own check)."""
    mine = {c.name: c for c in hostile_cases()}.get(case.name.removeprefix("dataloss/"))
    if mine is None or result.code is None:
        return {}
    got = mine.judge(folder, result.code, "", result.stderr)
    return {"lost-units": got["lost_units"], "silent-drops": got["silent_drops"]}


# -- a runner of its own (python -m tests.fuzz.dataloss_cases) -----------------------------------
def _digest(paths: list[Path]) -> dict[str, str]:
    out = {}
    for p in paths:
        if p.is_file() and not p.is_symlink():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_case(case: HostileCase, jixiao: list[str], timeout: float, budget: int = 20) -> dict[str, int]:
    """One case in a fresh folder; `budget` is the per-document time limit given to jixiao (a
    run that exceeds it must end with a message, so `timeout` should be well above it)."""
    totals = {"cases": 1, "crashes": 0, "hangs": 0, "inputs_modified": 0, **_zero()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "out").mkdir()  # outputs go under out/, as in the engine's runner
        argv, inputs = case.setup(folder)
        before = _digest(inputs)
        limits = folder / "fuzz-limits.yaml"
        limits.write_text(f"seconds_per_document: {budget}\n", encoding="utf-8")
        env = {**os.environ, "JIXIAO_LIMITS": str(limits)}
        try:
            proc = subprocess.run([*jixiao, *argv], cwd=folder, capture_output=True, text=True, timeout=timeout,
                                  encoding="utf-8", errors="replace", env=env)
        except subprocess.TimeoutExpired:
            totals["hangs"] = 1
            return totals
        if proc.returncode not in (0, 1, 2) or "Traceback" in proc.stderr:
            totals["crashes"] = 1
        totals["inputs_modified"] = sum(1 for k, v in before.items() if _digest([Path(k)]).get(k) != v)
        for k, v in case.judge(folder, proc.returncode, proc.stdout, proc.stderr).items():
            totals[k] += v
    return totals


def run_all(jixiao: list[str] | None = None, timeout: float = 90, seed: int = 0,
            only: Callable[[HostileCase], bool] | None = None, verbose: bool = False) -> dict[str, int]:
    jixiao = jixiao or [sys.executable, "-m", "writer"]
    totals: dict[str, int] = {}
    for case in hostile_cases(seed):
        if only and not only(case):
            continue
        t = time.perf_counter()
        got = run_case(case, jixiao, timeout)
        bad = {k: v for k, v in got.items() if v and k != "cases"}
        if verbose or bad:
            print(f"{case.name}: {bad or 'ok'} ({time.perf_counter() - t:.1f} s)", flush=True)
        for k, v in got.items():
            totals[k] = totals.get(k, 0) + v
    return totals


def summary_line(t: dict[str, int]) -> str:
    return (f"dataloss: {t.get('cases', 0)} cases, {t.get('crashes', 0)} internal errors, {t.get('hangs', 0)} hangs, "
            f"{t.get('lost_units', 0)} lost units, {t.get('silent_drops', 0)} silent drops, "
            f"{t.get('formula_cells', 0)} formula cells, {t.get('inputs_modified', 0)} inputs modified")


if __name__ == "__main__":
    print(summary_line(run_all(verbose="-v" in sys.argv)))
    sys.stdout.flush()
