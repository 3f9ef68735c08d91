"""Report types as data: load rubrics/*.yaml (with `extends:`), validate them with locations.

A province adds its own report type by dropping a YAML file into rubrics/ (or passing
--rubric-dir); nothing in Python names a section, a weight or a grade.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import bands as bands_mod
from .errors import Problem, RubricError
from .located_yaml import Node, load_file
from .money import parse_number
from .resources import data_dir, packaged
from .schema import KINDS, Field, parse_fields


def to_plain(node: Node) -> Any:
    if isinstance(node.value, dict):
        return {k: to_plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [to_plain(v) for v in node.value]
    return node.value


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    aliases: tuple[str, ...]
    required: bool
    parent: str | None
    template: str | None


@dataclass(frozen=True)
class WeightScheme:
    name: str
    levels: dict[str, Decimal]
    default: bool


@dataclass
class Rubric:
    id: str
    name: str
    file: str
    schema: tuple[Field, ...]
    sections: list[Section]
    raw: dict[str, Any]
    grades: list[bands_mod.Band]
    schemes: list[WeightScheme]
    checks: list[dict[str, Any]] = field(default_factory=list)
    # where each check was written: rule id -> [(file, node of the check)], base file first
    check_nodes: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)

    def check_origin(self, rule_id: str) -> tuple[str, int | None, int | None]:
        """File, line and column of the last place that defines or overrides a rule."""
        nodes = self.check_nodes.get(rule_id)
        if not nodes:
            return self.file, None, None
        file, node = nodes[-1]
        return file, node.line, node.col

    def param_origin(self, rule_id: str, key: str) -> tuple[str, int | None, int | None]:
        """File, line and column of a rule's parameter (the last file that sets it)."""
        for file, node in reversed(self.check_nodes.get(rule_id, [])):
            params = node.value.get("params") if isinstance(node.value, dict) else None
            if params is not None and isinstance(params.value, dict) and key in params.value:
                p = params.value[key]
                return file, p.key_line or p.line, p.key_col or p.col
        return self.check_origin(rule_id)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def children(self, key: str | None) -> list[Section]:
        return [s for s in self.sections if s.parent == key]

    def setting(self, *path: str) -> Any:
        cur: Any = self.raw
        for p in path:
            cur = cur[p]
        return cur

    def number(self, *path: str) -> Decimal:
        value = parse_number(str(self.setting(*path)))
        assert value is not None, path
        return value

    def grade(self, total: Decimal) -> str:
        return bands_mod.pick(self.grades, total).name

    def default_scheme(self) -> WeightScheme | None:
        return next((s for s in self.schemes if s.default), self.schemes[0] if self.schemes else None)


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in child.items():
        if k == "checks" and isinstance(v, list) and isinstance(base.get(k), list):
            by_id = {c.get("id"): c for c in base[k]}
            for c in v:
                by_id[c.get("id")] = {**by_id.get(c.get("id"), {}), **c}
            out[k] = list(by_id.values())
        elif isinstance(v, dict) and isinstance(base.get(k), dict):
            out[k] = _merge(base[k], v)
        else:
            out[k] = v
    return out


class _Validator:
    def __init__(self, file: str, node: Node) -> None:
        self.file, self.node = file, node
        self.problems: list[Problem] = []

    def at(self, *path: Any) -> Node:
        cur = self.node
        for p in path:
            value = cur.value
            if isinstance(value, dict) and p in value:
                cur = value[p]
            elif isinstance(value, list) and isinstance(p, int) and p < len(value):
                cur = value[p]
            else:
                break
        return cur

    def fail(self, path: tuple[Any, ...], message: str) -> None:
        n = self.at(*path)
        key = next((str(p) for p in reversed(path) if isinstance(p, str)), None)
        self.problems.append(Problem(self.file, n.line, n.col, key, message))


def _validate(raw: dict[str, Any], v: _Validator, field_groups: dict[str, Any]) -> None:
    for key in ("id", "name", "schema", "sections", "grades", "scoring", "deviation", "title"):
        if key not in raw:
            v.fail((), f"缺少必需的设置「{key}」")
    if raw.get("schema") not in field_groups.get("schemas", {}):
        v.fail(("schema",), f"数据字段方案“{raw.get('schema')}”在 fields.yaml 中不存在")
    keys: set[str] = set()
    for i, s in enumerate(raw.get("sections", [])):
        if not isinstance(s, dict) or "key" not in s or "title" not in s:
            v.fail(("sections", i), "每个章节须有 key 和 title")
            continue
        if s["key"] in keys:
            v.fail(("sections", i, "key"), f"章节 key“{s['key']}”重复")
        if s.get("parent") and s["parent"] not in keys:
            v.fail(("sections", i, "parent"), f"上级章节“{s['parent']}”须写在本章节之前")
        keys.add(s["key"])
    for i, g in enumerate(raw.get("grades", [])):
        if parse_number(str(g.get("min", ""))) is None:
            v.fail(("grades", i, "min"), "等级下限应为数字")
    weights = raw.get("weights", {})
    for i, scheme in enumerate(weights.get("schemes", [])):
        total = sum((parse_number(str(x)) or Decimal(0)) for x in scheme.get("levels", {}).values())
        total += parse_number(str(weights.get("execution", 0))) or Decimal(0)
        if total != 100:
            v.fail(("weights", "schemes", i, "levels"),
                   f"权重方案“{scheme.get('name')}”的一级指标分值（含预算执行率）合计为{total}，应为100")
    ids: set[str] = set()
    for i, c in enumerate(raw.get("checks", [])):
        cid = c.get("id", "")
        if cid in ids:
            v.fail(("checks", i, "id"), f"规则编号“{cid}”重复")
        ids.add(cid)


def _check_fields(groups: dict[str, Any], node: Node, file: str) -> list[Problem]:
    problems: list[Problem] = []

    def walk(items: list[dict[str, Any]], path: tuple[Any, ...]) -> None:
        for i, d in enumerate(items):
            missing = [k for k in ("key", "name", "kind") if k not in d]
            kind = d.get("kind")
            if missing or kind not in KINDS:
                n = node
                for p in path + (i,):
                    n = n.value[p] if isinstance(n.value, (dict, list)) else n
                problems.append(Problem(file, n.line, n.col, d.get("key"),
                                        f"缺少 {'、'.join(missing)}" if missing else f"未知的字段类型“{kind}”"))
            walk(d.get("fields", []), path + (i, "fields"))

    for gname, items in groups.get("groups", {}).items():
        walk(items, ("groups", gname))
    return problems


def _field_groups(rubric_dir: Path) -> tuple[dict[str, Any], Node, str]:
    return _field_groups_cached(rubric_dir / "fields.yaml", _version(rubric_dir / "fields.yaml"))


@lru_cache(maxsize=8)
def _field_groups_cached(path: Path, _version_key: tuple[str, float, int]) -> tuple[dict[str, Any], Node, str]:
    node = load_file(path)
    plain = to_plain(node)
    problems = _check_fields(plain, node, str(path))
    if problems:
        raise RubricError(problems)
    return plain, node, str(path)


def header_fields(rubric_dir: Path | None = None) -> tuple[Field, ...]:
    """The fields every report type starts with (group `header` of fields.yaml: 报告类型, 单位名称 …)."""
    groups, _, _ = _field_groups(rubric_dir or data_dir("rubrics"))
    return parse_fields(groups["groups"]["header"])


def schema_fields(rubric_dir: Path, schema: str) -> tuple[Field, ...]:
    groups, _, _ = _field_groups(rubric_dir)
    raw: list[dict[str, Any]] = []
    for gname in groups["schemas"][schema]:
        raw.extend(groups["groups"][gname])
    return parse_fields(raw)


@lru_cache(maxsize=64)
def _parsed(path: Path, _version_key: tuple[str, float, int]) -> Node:
    """Each rubric file parsed once per version: every report type extends base and _checks."""
    return load_file(path)


def _load_raw(path: Path, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], Node]:
    node = _parsed(path, _version(path))
    raw = to_plain(node)
    parent = raw.get("extends")
    if parent:
        ppath = path.parent / f"{parent}.yaml"
        if not ppath.exists():  # a province's own file may extend the shipped ones
            ppath = data_dir("rubrics") / f"{parent}.yaml"
        if not ppath.exists() or parent in seen:
            raise RubricError([Problem(str(path), node.value["extends"].line, node.value["extends"].col,  # type: ignore[index]
                                       "extends", f"继承的报告类型“{parent}”不存在" if parent not in seen
                                       else "继承关系出现循环")])
        base, _ = _load_raw(ppath, seen + (parent,))
        raw = _merge(base, {k: v for k, v in raw.items() if k != "extends"})
    return raw, node


def _check_nodes(path: Path) -> dict[str, list[tuple[str, Node]]]:
    """Rule id -> the YAML nodes that define it along the `extends:` chain, base first."""
    chain: list[tuple[Path, Node]] = []
    seen: set[Path] = set()
    cur: Path | None = path
    while cur is not None and cur not in seen and cur.exists():
        seen.add(cur)
        node = _parsed(cur, _version(cur))
        chain.append((cur, node))
        parent = node.value.get("extends") if isinstance(node.value, dict) else None
        cur = None
        if parent is not None and parent.is_scalar:
            beside = path.parent / f"{parent.value}.yaml"
            cur = beside if beside.exists() else data_dir("rubrics") / f"{parent.value}.yaml"
    out: dict[str, list[tuple[str, Node]]] = {}
    for file, node in reversed(chain):
        checks = node.value.get("checks") if isinstance(node.value, dict) else None
        if checks is None or not isinstance(checks.value, list):
            continue
        for c in checks.value:
            rid = c.value.get("id") if isinstance(c.value, dict) else None
            if rid is not None and rid.is_scalar:
                out.setdefault(str(rid.value), []).append((str(file), c))
    return out


def _version(path: Path) -> tuple[str, float, int]:
    return _held_or(("version", path), lambda: _stat_version(path))


def _stat_version(path: Path) -> tuple[str, float, int]:
    st = path.stat()
    return str(path.resolve()), st.st_mtime, st.st_size


# A batch worker drafts every unit with the rubric files as they were when it started (the batch's
# rerun hash is of those): it looks at each file once, not at every file for every unit.
_held: dict[Any, Any] | None = None


def hold_file_versions() -> None:
    """From now on in this process, rubric files are looked up once (a batch worker calls this)."""
    global _held
    _held = {}


def _held_or(key: Any, compute: Any) -> Any:
    if _held is None:
        return compute()
    if key not in _held:
        _held[key] = compute()
    return _held[key]


def load_rubric(path: Path) -> Rubric:
    """Load (once per file version in a process: batch runs and benchmarks load each rubric once)."""
    return load_rubrics([path])[0]


_BUILT: dict[tuple[Path, tuple[tuple[str, float, int], ...]], Rubric] = {}
_BUILDERS = (__name__, "writer.schema", "writer.located_yaml", "writer.bands", "writer.money")


def _deps(path: Path) -> tuple[tuple[str, float, int], ...]:
    return _held_or(("deps", path), lambda: _deps_now(path))


def _deps_now(path: Path) -> tuple[tuple[str, float, int], ...]:
    folders = {path.parent, data_dir("rubrics")}
    return tuple(_version(p) for folder in sorted(folders) for p in sorted(folder.glob("*.yaml")))


def _cacheable(path: Path) -> bool:
    """The shipped rubrics and a province's folder (JIXIAO_RUBRICS) are kept in the per-user
    cache; rubrics anywhere else (a test's temporary folder) are built each time."""
    extra = os.environ.get(EXTRA_ENV)
    return packaged(path) or bool(extra) and path.resolve().is_relative_to(Path(extra).resolve())


def load_rubrics(paths: list[Path]) -> list[Rubric]:
    """Rubrics not yet built in this process come from the per-user cache as one entry (they share
    base and _checks, stored once), keyed by every rubric file and the code that builds them."""
    keys = [(p, _deps(p)) for p in paths]
    missing = [k for k in keys if k not in _BUILT]
    if missing:
        from . import cache

        sources = None
        try:
            if all(_cacheable(p) for p, _ in missing):
                files = sorted({dep[0] for _, deps in missing for dep in deps})
                sources = [*(str(p) for p, _ in missing), *(Path(f).read_bytes() for f in files),
                           *cache.code_of(*_BUILDERS)]
        except OSError:
            pass
        build = lambda: [_build_rubric(p) for p, _ in missing]  # noqa: E731
        name = "rubrics-" + cache.entry_name(missing[0][0].parent) + ("" if len(missing) > 1 else "-" + missing[0][0].stem)
        built = build() if sources is None else cache.cached(name, sources, build)
        _BUILT.update(zip(missing, built))
    return [_BUILT[k] for k in keys]


def _build_rubric(path: Path) -> Rubric:
    raw, node = _load_raw(path)
    fields_dir = path.parent if (path.parent / "fields.yaml").exists() else data_dir("rubrics")
    groups, _, _ = _field_groups(fields_dir)
    v = _Validator(str(path), node)
    _validate(raw, v, groups)
    if v.problems:
        raise RubricError(v.problems)
    sections = [Section(
        key=s["key"], title=s["title"], aliases=tuple(s.get("aliases", [])),
        required=str(s.get("required", "true")).lower() == "true", parent=s.get("parent"),
        template=s.get("template")) for s in raw["sections"]]
    grades = [bands_mod.Band(g["name"], parse_number(str(g["min"])) or Decimal(0)) for g in raw["grades"]]
    schemes = [WeightScheme(s["name"], {k: parse_number(str(x)) or Decimal(0) for k, x in s["levels"].items()},
                            str(s.get("default", "false")).lower() == "true")
               for s in raw.get("weights", {}).get("schemes", [])]
    return Rubric(id=raw["id"], name=raw["name"], file=str(path),
                  schema=schema_fields(fields_dir, raw["schema"]), sections=sections, raw=raw,
                  grades=grades, schemes=schemes, checks=raw.get("checks", []), check_nodes=_check_nodes(path))


EXTRA_ENV = "JIXIAO_RUBRICS"  # a folder of a province's or agency's own report types


def rubric_files(rubric_dir: Path | None = None) -> list[Path]:
    return list(_held_or(("files", rubric_dir, os.environ.get(EXTRA_ENV)), lambda: _rubric_files(rubric_dir)))


def _rubric_files(rubric_dir: Path | None) -> list[Path]:
    d = rubric_dir or data_dir("rubrics")
    dirs = [d]
    extra = os.environ.get(EXTRA_ENV)
    if extra and rubric_dir is None:
        dirs.append(Path(extra))
    return sorted((p for folder in dirs for p in folder.glob("*.yaml")
                   if p.stem not in {"fields", "base"} and not p.stem.startswith("_")), key=lambda p: p.name)


def load_all(rubric_dir: Path | None = None) -> list[Rubric]:
    return load_rubrics(rubric_files(rubric_dir))


def find(name: str, rubric_dir: Path | None = None) -> Rubric | None:
    """By Chinese name (报告类型) or id."""
    for r in load_all(rubric_dir):
        if name in (r.name, r.id) or name in r.raw.get("names", []):
            return r
    return None


def field_key(dotted: str, rubric_dir: Path | None = None) -> str:
    """The data file's Chinese key of a field by its English name path, in whichever group of
    rubrics/fields.yaml it is defined ("report_type" → 报告类型, "project" → 项目名称)."""
    folder = rubric_dir or data_dir("rubrics")
    return _field_key(folder, _version(folder / "fields.yaml"), dotted)


@lru_cache(maxsize=128)
def _field_key(folder: Path, _version_key: tuple[str, float, int], dotted: str) -> str:
    from .words import key_of

    groups, _, _ = _field_groups(folder)
    for items in groups.get("groups", {}).values():
        try:
            return key_of(parse_fields(items), dotted)
        except KeyError:
            continue
    raise KeyError(dotted)
