"""Domain words are data: no Chinese string literal in writer/ outside messages.

A CJK literal is an AST string constant (an f-string's literal parts count one each) holding a
CJK ideograph; docstrings are not literals. It is a *message* — text shown to a person, which
stays in the code beside its cause — when, mechanically, it sits:
  - anywhere in a `raise` statement;
  - in the arguments of a call to an error class (JixiaoError and every class derived from it in
    writer/), `Problem(...)`, `.problem(...)` or `.fail(...)` (a located data error), `Missing(...)`
    (a located note on what the data still lacks), `Hit(...)` / `Finding(...)` (the values a
    finding's message is filled with);
  - in output: `print(...)`, `.print(...)`, `.write(...)`, a web response (`JSONResponse`,
    `HTMLResponse`, `PlainTextResponse`);
  - in argparse texts: `ArgumentParser`, `add_parser`, `add_argument`, `add_argument_group`,
    `.error(...)`, or a `help=` / `description=` / `usage=` / `epilog=` / `message=` keyword;
  - in a call to `ui(...)` (writer/ui_text.py): interface text built away from where it is shown
    (a status word, a column header of the terminal table, a web label);
  - in a module that is all messages (MESSAGE_MODULES: argparse's own texts in Chinese).
Every other CJK literal is a domain word and belongs in rubrics/*.yaml (writer/words.py reads
rubrics/_words.yaml). Modules not yet moved carry an allowance in
tests/data/cjk_literal_allowance.yaml that may only shrink: the test fails when a module has more
literals than allowed *and* when it has fewer (lower the number in the same commit).
"""
from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "writer"
ALLOWANCE = Path(__file__).parent / "data" / "cjk_literal_allowance.yaml"

CJK = re.compile(r"[\u3400-\u9fff]")
MESSAGE_MODULES = {"writer/cli_zh.py"}
MESSAGE_CALLS = {"Problem", "problem", "fail", "Missing", "Hit", "Finding", "print", "write",
                 "JSONResponse", "HTMLResponse", "PlainTextResponse",
                 "ArgumentParser", "add_parser", "add_argument", "add_argument_group", "error", "ui"}
MESSAGE_KEYWORDS = {"help", "description", "usage", "epilog", "message"}
ERROR_BASE = "JixiaoError"


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _error_classes(trees: dict[str, ast.Module]) -> set[str]:
    names = {ERROR_BASE}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for n in ast.walk(tree):
                if isinstance(n, ast.ClassDef) and n.name not in names \
                        and any(_name(b) in names for b in n.bases):
                    names.add(n.name)
                    grew = True
    return names


def _docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body:
            first = n.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _messages(tree: ast.Module, errors: set[str]) -> set[int]:
    inside: set[int] = set()

    def mark(node: ast.AST) -> None:
        inside.update(id(m) for m in ast.walk(node))

    for n in ast.walk(tree):
        if isinstance(n, ast.Raise):
            mark(n)
        elif isinstance(n, ast.Call):
            if _name(n.func) in errors or _name(n.func) in MESSAGE_CALLS:
                mark(n)
            for kw in n.keywords:
                if kw.arg in MESSAGE_KEYWORDS:
                    mark(kw.value)
    return inside


def domain_literals() -> dict[str, list[tuple[int, str]]]:
    """module → [(line, literal)] of CJK literals that are not messages."""
    trees = {p.relative_to(ROOT).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted(WRITER.rglob("*.py"))}
    errors = _error_classes(trees)
    out: dict[str, list[tuple[int, str]]] = {}
    for module, tree in trees.items():
        if module in MESSAGE_MODULES:
            continue
        skip = _docstrings(tree) | _messages(tree, errors)
        found = [(n.lineno, n.value) for n in ast.walk(tree)
                 if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
                 and CJK.search(n.value)]
        if found:
            out[module] = sorted(found)
    return out


def test_no_domain_words_in_code_beyond_the_allowance() -> None:
    allowed: dict[str, int] = yaml.safe_load(ALLOWANCE.read_text(encoding="utf-8")) or {}
    found = domain_literals()
    over, under = [], []
    for module in sorted(set(found) | set(allowed)):
        have, may = len(found.get(module, [])), allowed.get(module, 0)
        if have > may:
            shown = "; ".join(f"{line}: {text[:20]!r}" for line, text in found.get(module, [])[:8])
            over.append(f"{module}: {have} > {may} ({shown})")
        elif have < may:
            under.append(f"{module}: {have} < {may}")
    assert not over, "Chinese domain words in code (move them to rubrics/_words.yaml):\n" + "\n".join(over)
    assert not under, ("fewer literals than the allowance: lower it in tests/data/cjk_literal_allowance.yaml:\n"
                       + "\n".join(under))


def test_the_literal_finder_tells_messages_from_words(tmp_path: Path) -> None:
    source = '''
class E(JixiaoError):
    """说明"""
def f(x):
    """文档"""
    if x:
        raise E(f"第{x}行有误")
    print("已生成")
    p.add_argument("--a", help="帮助")
    label = ui("已跳过")
    return ["一级指标", Hit(b, 0, 0, {"problem": "合计不符"})]
'''
    tree = ast.parse(source)
    skip = _docstrings(tree) | _messages(tree, _error_classes({"m": tree}))
    left = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in skip and CJK.search(n.value)]
    assert left == ["一级指标"]



def write_allowance() -> None:
    """Rewrite the allowance file from what is in writer/ now (after moving words out)."""
    found = domain_literals()
    total = sum(len(v) for v in found.values())
    lines = [f"# CJK string literals in writer/ that are not messages: {total} in {len(found)} modules.",
             "# Allowance per module; it may only shrink (tests/test_cjk_literals.py). Move the words to",
             "# rubrics/_words.yaml, then rewrite this file: python tests/test_cjk_literals.py"]
    lines += [f"{m}: {len(v)}" for m, v in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    ALLOWANCE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[0])


if __name__ == "__main__":
    write_allowance()
