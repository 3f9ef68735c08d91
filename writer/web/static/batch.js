// 批量 page: upload, read the progress lines, list the bad units, offer the zip.
"use strict";
(() => {
  const form = document.getElementById("batch-form");
  const input = document.getElementById("batch-file");
  const bar = document.getElementById("batch-bar");
  const count = document.getElementById("batch-count");
  const table = document.getElementById("batch-table");
  const bad = document.getElementById("batch-bad");
  const errors = document.getElementById("batch-errors");

  function show(msg) {
    if (msg.error) { errors.hidden = false; errors.textContent = msg.error.join("\n"); return; }
    if (msg.total !== undefined && msg.done === undefined && !msg.finished) { bar.max = msg.total; count.textContent = `共 ${msg.total} 个单位`; }
    if (msg.done !== undefined) { bar.value = msg.done; count.textContent = `已完成 ${msg.done} / ${msg.total} 个单位`; }
    if (msg.finished) finish(msg);
  }

  function cell(tr, text) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }

  function finish(msg) {
    const body = table.querySelector("tbody");
    body.innerHTML = ""; bad.innerHTML = "";
    msg.results.forEach((r) => {
      const tr = document.createElement("tr");
      if (r.failed) tr.className = "bad";
      [r.name, r.status, r.total, r.grade, r.execution_rate, r.counts.error, r.counts.warning, r.counts.info]
        .forEach((v) => cell(tr, v === undefined || v === null ? "" : String(v)));
      body.appendChild(tr);
      if (r.failed) {
        const div = document.createElement("div");
        div.className = "bad-unit";
        const h = document.createElement("h3"); h.textContent = `【${r.name}】（${r.source}）数据有误，已跳过：`;
        const pre = document.createElement("pre"); pre.textContent = r.errors.join("\n");
        div.append(h, pre); bad.appendChild(div);
      }
    });
    table.hidden = false;
    const bytes = Uint8Array.from(atob(msg.zip), (c) => c.charCodeAt(0));
    const a = document.getElementById("batch-zip");
    a.href = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
    document.getElementById("batch-dl").hidden = false;
    const failed = msg.results.filter((r) => r.failed).length;
    count.textContent = `完成：${msg.results.length - failed} 个单位已生成，${failed} 个出错`;
    if (msg.notes && msg.notes.length) { errors.hidden = false; errors.textContent = msg.notes.join("\n"); }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!input.files.length) { J.toast("请先选择工作簿或压缩包"); return; }
    document.getElementById("batch-progress").hidden = false;
    errors.hidden = true; table.hidden = true; bad.innerHTML = ""; bar.value = 0;
    document.getElementById("batch-dl").hidden = true;
    const btn = document.getElementById("batch-go");
    btn.disabled = true;
    try {
      const r = await J.post("/batch/run", new FormData(form));
      const reader = r.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n")) >= 0) { show(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
      }
    } catch (err) { J.toast(err.message); }
    finally { btn.disabled = false; }
  });
  J.dropInto(form, input);
})();
