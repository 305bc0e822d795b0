// The playground: lints the draft as you type (debounced) through the same JSON API a helpdesk
// app uses. Every string from the server (rule messages come from third-party packs too) goes
// into the page through textContent, never as HTML.
"use strict";

(function () {
  const DEBOUNCE_MS = 250;
  const $ = (id) => document.getElementById(id);
  const draft = $("draft");
  const format = $("format");
  const framework = $("framework");
  const token = $("token");
  const preview = $("preview");
  const list = $("findings");
  const checklist = $("checklist");
  const tip = $("tip");
  const status = $("status");
  const verdict = $("verdict");
  let timer = null;
  let sequence = 0;
  let tokenRequired = false;

  function headers() {
    const h = { "Content-Type": "application/json" };
    if (tokenRequired && token.value) h["Authorization"] = "Bearer " + token.value.trim();
    return h;
  }

  async function call(method, path, body) {
    const init = { method: method, headers: headers(), cache: "no-store" };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(path, init);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = (data.error && data.error.message) || response.statusText;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function cssName(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9-]/g, "-");
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Split the text at every finding boundary (UTF-16 offsets: JavaScript string indices) and
  // wrap each flagged piece in a focusable <mark> naming the findings that cover it.
  function renderPreview(text, findings) {
    clear(preview);
    const cuts = new Set([0, text.length]);
    findings.forEach((f) => {
      if (f.utf16_end > f.utf16_start) {
        cuts.add(f.utf16_start);
        cuts.add(f.utf16_end);
      }
    });
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = [];
      findings.forEach((f, index) => {
        if (f.utf16_start <= a && b <= f.utf16_end && f.utf16_end > f.utf16_start) {
          covering.push(index);
        }
      });
      if (!covering.length) {
        preview.appendChild(document.createTextNode(piece));
        continue;
      }
      const first = findings[covering[0]];
      const mark = document.createElement("mark");
      mark.textContent = piece;
      mark.tabIndex = 0;
      mark.className = "cat-" + cssName(first.category) + " sev-" + cssName(first.severity);
      mark.dataset.findings = covering.join(" ");
      mark.dataset.category = first.category;
      mark.dataset.code = covering.map((k) => findings[k].code).join(" ");
      mark.setAttribute("aria-label", piece + ": " + covering.map((k) => findings[k].code + " " + findings[k].message).join("; "));
      mark.addEventListener("mouseenter", () => showTip(mark, findings, covering));
      mark.addEventListener("mouseleave", hideTip);
      mark.addEventListener("focus", () => showTip(mark, findings, covering));
      mark.addEventListener("blur", hideTip);
      preview.appendChild(mark);
    }
  }

  function showTip(mark, findings, covering) {
    const f = findings[covering[0]];
    tip.querySelector(".tip-code").textContent = covering.map((k) => findings[k].code).join(", ");
    tip.querySelector(".tip-category").textContent = f.category + " · " + f.severity;
    tip.querySelector(".tip-message").textContent = covering.map((k) => findings[k].message).join(" / ");
    tip.querySelector(".tip-suggestion").textContent = f.suggestion || "";
    tip.hidden = false;
    mark.setAttribute("aria-describedby", "tip");
    const box = mark.getBoundingClientRect();
    tip.style.left = Math.max(4, window.scrollX + box.left) + "px";
    tip.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  function renderList(findings) {
    clear(list);
    findings.forEach((f) => {
      const item = document.createElement("li");
      item.className = "cat-" + cssName(f.category);
      const code = document.createElement("span");
      code.className = "code";
      code.textContent = f.code;
      item.appendChild(code);
      item.appendChild(document.createTextNode(" " + f.line + ":" + f.column + " [" + f.severity + "] " + f.message));
      list.appendChild(item);
    });
  }

  function renderVerdict(data) {
    verdict.className = "verdict " + cssName(data.verdict);
    verdict.textContent = data.verdict;
    const n = data.findings.length;
    say(n === 0 ? "No findings." : n + (n === 1 ? " finding." : " findings."));
  }

  function renderChecklist(report) {
    clear(checklist);
    $("framework-title").textContent = report ? "(" + report.framework + ")" : "";
    $("checklist-hint").hidden = Boolean(report);
    if (!report) return;
    report.steps.forEach((step) => {
      const item = document.createElement("li");
      item.className = cssName(step.status);
      item.dataset.status = step.status;
      item.appendChild(document.createTextNode(step.name + " — " + step.status));
      if (step.status === "missing" && step.advice) {
        const advice = document.createElement("span");
        advice.className = "advice";
        advice.textContent = "add: " + step.advice;
        item.appendChild(advice);
      }
      checklist.appendChild(item);
    });
  }

  async function check() {
    const mine = ++sequence;
    const text = draft.value;
    const body = { text: text, input_format: format.value };
    try {
      const data = await call("POST", "/v1/lint", body);
      let report = null;
      if (framework.value) {
        const rec = await call("POST", "/v1/recovery", Object.assign({ framework: framework.value }, body));
        report = rec.reports[0] || null;
      }
      if (mine !== sequence) return; // a newer keystroke has its own answer coming
      renderPreview(text, data.findings);
      renderList(data.findings);
      renderVerdict(data);
      renderChecklist(report);
    } catch (error) {
      if (mine !== sequence) return;
      if (error.status === 401) {
        $("token-row").hidden = false;
        say("This server requires an access token: enter it above.", true);
      } else {
        say("Could not check the draft: " + error.message, true);
      }
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function start() {
    try {
      const health = await call("GET", "/healthz");
      tokenRequired = Boolean(health.token_required);
      $("token-row").hidden = !tokenRequired;
    } catch (error) {
      say("The server is not answering: " + error.message, true);
    }
    await loadFrameworks();
    draft.addEventListener("input", schedule);
    format.addEventListener("change", schedule);
    framework.addEventListener("change", schedule);
    token.addEventListener("change", () => {
      if (framework.options.length <= 1) loadFrameworks();
      schedule();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideTip();
    });
    if (draft.value) schedule();
  }

  async function loadFrameworks() {
    try {
      const data = await call("GET", "/v1/frameworks");
      data.frameworks.forEach((name) => {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        framework.appendChild(option);
      });
    } catch (error) {
      /* reported by the next check */
    }
  }

  start();
})();
