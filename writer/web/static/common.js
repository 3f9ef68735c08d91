// Shared helpers: post a form, show an error, save a download. No framework, no build step.
"use strict";
// A file picker shows the chosen names in its label (the browser's own text is hidden).
document.addEventListener("change", (e) => {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
  const label = input.closest(".file-pick");
  const span = label && label.querySelector("span");
  if (!span) return;
  span.dataset.hint = span.dataset.hint || span.textContent;
  const names = Array.from(input.files).map((f) => f.name);
  span.textContent = names.length ? "已选择：" + names.join("、") : span.dataset.hint;
  span.classList.toggle("chosen", names.length > 0);
});
const J = {
  toast(lines) {
    const t = document.getElementById("toast");
    t.textContent = Array.isArray(lines) ? lines.join("\n") : String(lines);
    t.hidden = false;
    clearTimeout(J._t);
    J._t = setTimeout(() => { t.hidden = true; }, 9000);
  },
  async post(url, body) {
    const r = await fetch(url, { method: "POST", body });
    if (!r.ok && (r.headers.get("content-type") || "").includes("json")) {
      const data = await r.json();
      const err = new Error((data.error || ["出错了"]).join("\n"));
      err.data = data; err.status = r.status;
      throw err;
    }
    if (!r.ok) throw new Error("服务器返回 " + r.status);
    return r;
  },
  fileName(r, fallback) {
    const cd = r.headers.get("content-disposition") || "";
    const m = cd.match(/filename\*=UTF-8''([^;]+)/);
    return m ? decodeURIComponent(m[1]) : fallback;
  },
  save(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  },
  dropInto(zone, input, onFiles) {
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault(); zone.classList.remove("over");
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      onFiles && onFiles();
    });
  },
};
