"""Load on `jixiao serve`: 200 check requests 8 at a time, then 50 draft requests, to a server on
127.0.0.1 with 2 workers. Every answer is compared with what the CLI's engine gives for the same
file; latency (p50/p95), requests per second and the workers' memory are printed.

    python bench/serve_bench.py [--checks 200] [--drafts 50] [--concurrency 8] [--workers 2]

Inputs are the project's own files (tests/data/web, examples/) and, when present, the corpus
reports in ../shared/corpus (read, never copied). Memory is the resident size of every process
of the server (uvicorn workers and their engine workers), sampled while the requests run.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from web_server import running_server  # noqa: E402


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8")
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(url: str, name: str, data: bytes) -> tuple[int, bytes, float]:
    body, ctype = multipart(name, data)
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return r.status, r.read(), time.perf_counter() - t
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - t


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def expected_check(path: Path) -> dict:
    from writer.web import tasks

    r = tasks.check_files([(str(path), path.name)], None, False)["files"][0]
    return json.loads(r["json"])


def expected_draft(path: Path) -> str:
    from writer.web import tasks

    return docx_text(tasks.draft(str(path), path.name, True)["docx"])


class Memory(threading.Thread):
    """Resident memory of the server's process tree, sampled every half second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, dict[int, int]]] = []
        self.stop = threading.Event()

    def snapshot(self) -> dict[int, int]:
        import psutil

        out = {}
        for p in [self.root, *self.root.children(recursive=True)]:
            try:
                out[p.pid] = p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return out

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), self.snapshot()))
            self.stop.wait(0.5)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(kind: str, url: str, jobs: list[tuple[str, bytes, object]], concurrency: int, check) -> dict:
    times: list[float] = []
    wrong: list[str] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for (name, _, want), (status, body, secs) in zip(jobs, pool.map(lambda j: post(url, j[0], j[1]), jobs)):
            times.append(secs)
            if status != 200 or not check(body, want):
                wrong.append(f"{name}: HTTP {status} {body[:200]!r}")
    wall = time.perf_counter() - t0
    return {"kind": kind, "n": len(jobs), "wrong": wrong, "p50": pct(times, 50), "p95": pct(times, 95),
            "rps": len(jobs) / wall, "wall": wall}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", type=int, default=200)
    ap.add_argument("--drafts", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    drafts_in = sorted((ROOT / "examples").glob("*.yaml"))
    checks_in = [ROOT / "tests" / "data" / "web" / "样例草稿.txt"]
    corpus = ROOT.parent / "shared" / "corpus"
    checks_in += sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:  # a DOCX too: the first example, drafted
        from writer.web import tasks

        d = Path(tmp) / "示例.docx"
        d.write_bytes(tasks.draft(str(drafts_in[0]), "x", True)["docx"])
        checks_in.append(d)
        want_check = {p: expected_check(p) for p in checks_in}
        for w in want_check.values():
            w["files"][0]["path"] = None  # compared without the name
        want_draft = {p: expected_draft(p) for p in drafts_in}
        check_jobs = [(p.name, p.read_bytes(), want_check[p]) for p in
                      (checks_in[i % len(checks_in)] for i in range(args.checks))]
    draft_jobs = [(p.name, p.read_bytes(), want_draft[p]) for p in
                  (drafts_in[i % len(drafts_in)] for i in range(args.drafts))]

    def check_ok(body: bytes, want: dict) -> bool:
        got = json.loads(body)
        got["files"][0]["path"] = None
        return got == want

    print(f"输入：检查 {len(checks_in)} 种文件 × {args.checks} 次，起草 {len(drafts_in)} 个数据文件 × {args.drafts} 次；"
          f"{args.workers} 个服务进程，并发 {args.concurrency}")
    with running_server(workers=args.workers) as url:
        server_pid = url.pid
        mem = Memory(server_pid)
        mem.start()
        # warm-up, not timed: the engine workers import everything and their allocator reaches
        # its working size (it grows over the first ~150 mixed DOCX/TXT checks, then stays)
        warm = [run("warm-up check", url + "api/check", check_jobs, args.concurrency, check_ok),
                run("warm-up draft", url + "api/draft", draft_jobs[:20], args.concurrency,
                    lambda body, want: docx_text(body) == want)]
        marks = [len(mem.samples)]
        results = [run("check", url + "api/check", check_jobs, args.concurrency, check_ok)]
        marks.append(len(mem.samples))
        results.append(run("draft", url + "api/draft", draft_jobs, args.concurrency,
                           lambda body, want: docx_text(body) == want))
        mem.stop.set()
        mem.join()
    ok = all(not r["wrong"] for r in warm)
    print(f"{'请求':<6}{'次数':>6}{'错误':>6}{'p50 (s)':>10}{'p95 (s)':>10}{'请求/秒':>10}{'用时 (s)':>10}")
    for r in results:
        print(f"{r['kind']:<8}{r['n']:>6}{len(r['wrong']):>6}{r['p50']:>10.3f}{r['p95']:>10.3f}{r['rps']:>10.2f}{r['wall']:>10.1f}")
        for w in r["wrong"][:5]:
            print("  错误：", w)
        ok = ok and not r["wrong"]
    points = [mem.samples[0], mem.samples[marks[0] - 1], mem.samples[(marks[0] + marks[1]) // 2],
              mem.samples[marks[1] - 1], mem.samples[-1]]
    print("内存（各进程常驻内存 MB：预热开始 → 预热结束 → 检查过半 → 检查结束 → 起草结束）")
    for pid in sorted(set(points[0][1]) | set(points[-1][1])):
        series = [s.get(pid) for _, s in points]
        print(f"  pid {pid}: " + " → ".join("—" if v is None else f"{v / 2**20:.1f}" for v in series))
    total = [sum(s.values()) / 2**20 for _, s in mem.samples[marks[0]:]]
    print(f"  预热后合计：开始 {total[0]:.1f} MB，最高 {max(total):.1f} MB，结束 {total[-1]:.1f} MB（{len(total)} 次采样）")
    print("全部正确" if ok else "有错误")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
