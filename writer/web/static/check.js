// 检查 page: upload → highlighted text and the findings list; click, filter, explain, download.
"use strict";
(() => {
  const form = document.getElementById("check-form");
  const input = document.getElementById("check-file");
  const out = document.getElementById("check-results");
  let files = [];  // the chosen File objects, kept for re-checking and the Word copy

  async function check(list, type, across) {
    const fd = new FormData();
    list.forEach((f) => fd.append("file", f));
    if (type) fd.append("type", type);
    if (across) fd.append("across", "1");
    const r = await J.post("/check/view", fd);
    return r.text();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    files = Array.from(input.files);
    if (!files.length) { J.toast("请先选择要检查的文件"); return; }
    const btn = document.getElementById("check-go");
    btn.disabled = true; btn.textContent = "正在检查……";
    try {
      out.innerHTML = await check(files, document.getElementById("check-type").value,
                                  document.getElementById("check-across").checked);
      out.querySelectorAll("section.file").forEach(wire);
    } catch (err) { J.toast(err.message); }
    finally { btn.disabled = false; btn.textContent = "开始检查"; }
  });
  J.dropInto(form, input, () => form.requestSubmit());

  function wire(sec) {
    const n = Number(sec.dataset.file);
    sec.querySelectorAll("li.finding .goto").forEach((a) => a.addEventListener("click", (e) => {
      e.preventDefault();
      const li = a.closest("li");
      sec.querySelectorAll(".active").forEach((x) => x.classList.remove("active"));
      li.classList.add("active");
      const id = li.dataset.n;
      const mark = Array.from(sec.querySelectorAll(".doc [data-f]")).find((m) => m.dataset.f.split(" ").includes(id));
      const target = mark || (li.dataset.block !== "" && document.getElementById(`b${n}-${li.dataset.block}`));
      if (target) {
        target.scrollIntoView({ behavior: "smooth", block: "center" });
        target.classList.add("active");
      }
    }));
    sec.querySelectorAll(".doc [data-f]").forEach((m) => m.addEventListener("click", () => {
      const first = m.dataset.f.split(" ").filter(Boolean)[0];
      const li = first && sec.querySelector(`li.finding[data-n="${first}"]`);
      if (li) { li.scrollIntoView({ behavior: "smooth", block: "nearest" }); li.classList.add("flash");
                setTimeout(() => li.classList.remove("flash"), 1200); }
    }));
    const filter = () => {
      const levels = Array.from(sec.querySelectorAll(".flt-level:checked")).map((c) => c.value);
      const rule = sec.querySelector(".flt-rule").value;
      const shown = new Set();
      sec.querySelectorAll("li.finding").forEach((li) => {
        const on = levels.includes(li.dataset.level) && (!rule || li.dataset.rule === rule);
        li.hidden = !on;
        if (on) shown.add(li.dataset.n);
      });
      sec.querySelectorAll(".group").forEach((g) => { g.hidden = !g.querySelector("li.finding:not([hidden])"); });
      sec.querySelectorAll(".doc [data-f]").forEach((m) => {
        const ids = m.dataset.f.split(" ").filter(Boolean);
        m.classList.toggle("dim", ids.length > 0 && !ids.some((i) => shown.has(i)));
      });
    };
    sec.querySelectorAll(".flt-level, .flt-rule").forEach((c) => c.addEventListener("change", filter));
    sec.querySelectorAll("button.explain").forEach((b) => b.addEventListener("click", async () => {
      const pre = b.closest("li").querySelector(".explained");
      if (!pre.hidden) { pre.hidden = true; return; }
      const r = await fetch(`/rules/${encodeURIComponent(b.dataset.rule)}`);
      pre.textContent = await r.text();
      pre.hidden = false;
    }));
    const json = sec.querySelector("script.file-json");
    const jbtn = sec.querySelector(".dl-json");
    if (jbtn && json) jbtn.addEventListener("click", () => {
      const name = files[n] ? files[n].name.replace(/\.[^.]+$/, "") : "检查结果";
      J.save(new Blob([json.textContent], { type: "application/json" }), `${name}-检查结果.json`);
    });
    const cbtn = sec.querySelector(".dl-comments");
    if (cbtn) cbtn.addEventListener("click", async () => {
      const fd = new FormData();
      fd.append("file", files[n]);
      fd.append("type", sec.querySelector(".retype").value);
      try {
        const r = await J.post("/check/comments", fd);
        J.save(await r.blob(), J.fileName(r, "批注.docx"));
      } catch (err) { J.toast(err.message); }
    });
    const retype = sec.querySelector(".retype");
    if (retype) retype.addEventListener("change", async () => {
      try {
        const html = await check([files[n]], retype.value, false);
        const tmp = document.createElement("div");
        tmp.innerHTML = html;
        const fresh = tmp.querySelector("section.file");
        fresh.dataset.file = String(n);
        fresh.querySelectorAll("[id^='b0-']").forEach((el) => { el.id = el.id.replace(/^b0-/, `b${n}-`); });
        sec.replaceWith(fresh);
        wire(fresh);
      } catch (err) { J.toast(err.message); }
    });
  }
})();
