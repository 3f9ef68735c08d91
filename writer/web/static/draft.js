// 起草 page: the form from the report type's fields, live preview, errors beside fields.
"use strict";
(() => {
  const box = document.getElementById("draft-form-box");
  const preview = document.getElementById("preview");
  const status = document.getElementById("draft-status");
  const general = document.getElementById("draft-general");
  // One preview request at a time per page: typing while one runs marks the form dirty, and one
  // more request follows when it returns (a shared server never queues a page's keystrokes).
  let timer = null, inflight = false, dirty = false;

  const form = () => document.getElementById("draft-form");
  const data = () => new FormData(form());

  function renumber(fs) {
    const list = fs.dataset.list;
    fs.querySelectorAll("tbody tr").forEach((tr, i) => {
      tr.querySelectorAll("[name]").forEach((el) => {
        const rest = el.name.slice(list.length + 1).replace(/^[^.]+\./, "");
        el.name = `${list}.${i + 1}.${rest}`;
      });
      tr.querySelectorAll(".err[data-for]").forEach((el) => {
        const rest = el.dataset.for.slice(list.length + 1).replace(/^[^.]+\./, "");
        el.dataset.for = `${list}.${i + 1}.${rest}`;
      });
    });
  }

  function wire() {
    const f = form();
    f.addEventListener("input", schedule);
    f.addEventListener("change", schedule);
    f.addEventListener("submit", (e) => e.preventDefault());
    f.querySelectorAll("fieldset.list").forEach((fs) => {
      fs.querySelector(".add-row").addEventListener("click", () => {
        const tpl = fs.querySelector("template").content.cloneNode(true);
        fs.querySelector("tbody").appendChild(tpl);
        renumber(fs);
      });
      fs.addEventListener("click", (e) => {
        if (e.target.classList.contains("del-row")) { e.target.closest("tr").remove(); renumber(fs); schedule(); }
      });
    });
    const choices = JSON.parse(document.getElementById("level2-choices").textContent);
    f.addEventListener("focusin", (e) => {
      if (!e.target.classList.contains("level2")) return;
      const l1 = e.target.closest("tr").querySelector(".level1");
      const dl = document.getElementById("dl-level2");
      dl.innerHTML = "";
      (choices[l1 && l1.value] || []).forEach((v) => { const o = document.createElement("option"); o.value = v; dl.appendChild(o); });
    });
    f.querySelectorAll(".pending").forEach((el) => el.addEventListener("input", () => el.classList.remove("pending"), { once: true }));
    refresh();
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(refresh, 600); }

  function showErrors(d) {
    document.querySelectorAll("#draft-form .err").forEach((el) => { el.textContent = ""; });
    document.querySelectorAll("#draft-form .invalid").forEach((el) => el.classList.remove("invalid"));
    let first = null;
    Object.entries(d.fields || {}).forEach(([name, msgs]) => {
      const el = document.querySelector(`#draft-form .err[data-for="${CSS.escape(name)}"]`);
      if (el) { el.textContent = msgs.join("；"); first = first || el; }
      const inp = document.querySelector(`#draft-form [name="${CSS.escape(name)}"]`);
      if (inp) inp.classList.add("invalid");
      else if (!el) (d.general = d.general || []).push(msgs.join("；"));
    });
    general.hidden = !(d.general && d.general.length);
    general.textContent = (d.general || []).join("\n");
    const n = Object.keys(d.fields || {}).length + (d.general || []).length;
    status.textContent = n ? `还有 ${n} 处需要改正（见表单中红字）；右侧是改正前最后一次的预览` : "";
    status.className = n ? "status bad" : "status";
  }

  async function refresh() {
    if (inflight) { dirty = true; return; }
    inflight = true;
    try {
      // never wait for ever: an answer lost on the way must not stop the preview for good
      const r = await fetch("/draft/preview", { method: "POST", body: data(), signal: AbortSignal.timeout(90000) });
      const d = await r.json();
      if (dirty) return;  // the form changed meanwhile: the next answer is the one to show
      if (!r.ok) { showErrors(d); return; }
      showErrors({});
      preview.innerHTML = d.html;
      const bits = [d.total ? `总分 ${d.total} 分，等级 ${d.grade}` : "总分待填"];
      if (d.pending.length) bits.push(`待填 ${d.pending.length} 处`);
      if (d.missing.length) bits.push(`需补充说明 ${d.missing.length} 处`);
      status.textContent = bits.join("；");
    } catch (err) { J.toast(err.message); }
    finally {
      inflight = false;
      if (dirty) { dirty = false; refresh(); }
    }
  }

  async function replaceForm(promise) {
    try {
      const r = await promise;
      box.innerHTML = await r.text();
      const sel = document.getElementById("draft-type");
      sel.value = form().dataset.type;
      wire();
    } catch (err) {
      if (err.data && err.data.fields) showErrors(err.data); else J.toast(err.message);
    }
  }

  document.getElementById("draft-type").addEventListener("change", (e) => {
    replaceForm(fetch(`/draft/form?type=${encodeURIComponent(e.target.value)}`));
  });
  ["import-report", "import-data"].forEach((id) => {
    const f = document.getElementById(id);
    f.querySelector("input[type=file]").addEventListener("change", () => {
      const fd = new FormData(f);
      fd.append("type", document.getElementById("draft-type").value);
      replaceForm(J.post("/draft/import", fd));
      f.reset();
    });
  });
  document.getElementById("btn-rollover").addEventListener("click", () => replaceForm(J.post("/draft/rollover", data())));
  document.getElementById("btn-docx").addEventListener("click", async () => {
    try {
      const r = await J.post("/draft/docx", data());
      J.save(await r.blob(), J.fileName(r, "报告.docx"));
    } catch (err) { if (err.data) showErrors(err.data); J.toast(err.message); }
  });
  document.getElementById("btn-data").addEventListener("click", async () => {
    try {
      const r = await J.post("/draft/data", data());
      J.save(await r.blob(), J.fileName(r, "数据.yaml"));
    } catch (err) { J.toast(err.message); }
  });
  wire();
})();
