/**
 * The HTML report's only inline style sheet and script, and the Content-Security-Policy that allows exactly
 * that script (by SHA-256 hash) and nothing else: even if some evidence escaped, the browser would not run it.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

/** The report's style sheet. */
export const CSS = `
:root{--pass:#2e7d32;--fail:#c62828;--skip:#b7791f;--info:#1565c0;--none:#9e9e9e;--bg:#fff;--fg:#1b1b1b;
--mute:#666;--line:#ddd}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;
padding:16px;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}h3{font-size:14px;margin:10px 0 4px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f6f8fa;border:1px solid var(--line);padding:8px;overflow:auto;max-height:480px;
white-space:pre-wrap;word-break:break-all;margin:4px 0}
header p{margin:2px 0;color:var(--mute)}
.result{font-weight:600}.result.ok{color:var(--pass)}.result.bad{color:var(--fail)}
.bar{display:flex;height:28px;border-radius:4px;overflow:hidden;margin:8px 0;background:#eee}
.seg{color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;min-width:48px;
white-space:nowrap;padding:0 6px}
.seg.pass,.cell.pass,.badge.pass{background:var(--pass)}.seg.fail,.cell.fail,.badge.fail{background:var(--fail)}
.seg.skip,.cell.skip,.badge.skip{background:var(--skip)}.seg.info,.cell.info,.badge.info{background:var(--info)}
.seg.timeout,.cell.timeout,.badge.timeout,.seg.crash,.cell.crash,.badge.crash{background:#8e1b1b}
.seg.adapter-error,.cell.adapter-error,.badge.adapter-error{background:#6a1b9a}
.seg.not-run,.cell.not-run,.badge.not-run{background:var(--none)}
details.case.timeout,details.case.crash{border-left-color:#8e1b1b}details.case.adapter-error{border-left-color:#6a1b9a}
.badge.known{background:#8e5a00}.cell.none{background:#f1f1f1;color:var(--mute)}
.grids{display:flex;flex-wrap:wrap;gap:24px}
table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
table.grid th{background:#fafafa;font-weight:600;font-size:12px}
table.grid td.cell{color:#fff;text-align:center;min-width:92px;font-size:12px}
table.grid td.cell a{color:#fff;text-decoration:none;display:block}
.cell .e2ee{font-weight:700}.cell .v{display:block;opacity:.9}
.filters{position:sticky;top:0;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);z-index:1}
.filters input[type=search]{width:340px;padding:4px 6px}.filters label{margin-left:10px}
details.case{border:1px solid var(--line);border-left:6px solid var(--none);border-radius:4px;margin:6px 0;
padding:0 8px}
details.case.pass{border-left-color:var(--pass)}details.case.fail{border-left-color:var(--fail)}
details.case.skip{border-left-color:var(--skip)}details.case.info{border-left-color:var(--info)}
details.case>summary{cursor:pointer;padding:6px 0}
.badge{color:#fff;border-radius:3px;padding:0 6px;font-size:12px;font-weight:700}
.clause,.level,.dur{color:var(--mute);margin-left:8px;font-size:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dt{font-weight:600;
color:var(--mute)}dd{margin:0}
.cmp{display:grid;grid-template-columns:1fr 1fr;gap:12px}
details.ev{margin:4px 0 4px 8px}details.ev>summary{cursor:pointer;color:#333}
table.transcript td:nth-child(1),table.timeline td:nth-child(1){text-align:right;white-space:nowrap;color:var(--mute)}
table.transcript td.dir{white-space:nowrap;font-weight:700}table.transcript td.out{color:#6a1b9a}
table.transcript td.in{color:#00695c}
table.transcript td.line,table.timeline td.detail{white-space:pre-wrap;word-break:break-all}
.truncated{color:var(--fail);font-style:italic}
.mute{color:var(--mute)}
`;

/** The report's only script: filtering, expand/collapse, open a case when its anchor is the URL fragment. */
export const SCRIPT = `(function () {
  "use strict";
  var q = document.getElementById("filter");
  var toggles = Array.prototype.slice.call(document.querySelectorAll("input[data-verdict-toggle]"));
  var cases = Array.prototype.slice.call(document.querySelectorAll("details.case"));
  var shown = document.getElementById("shown");
  function apply() {
    var t = q.value.trim().toLowerCase();
    var on = {};
    toggles.forEach(function (x) { on[x.value] = x.checked; });
    var n = 0;
    cases.forEach(function (d) {
      var ok = on[d.getAttribute("data-verdict")] !== false &&
        (t === "" || d.getAttribute("data-search").indexOf(t) !== -1);
      d.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = n + " of " + cases.length + " cases shown";
  }
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === "DETAILS") { el.hidden = false; el.open = true; }
  }
  function setAll(open) { cases.forEach(function (d) { if (!d.hidden) d.open = open; }); }
  q.addEventListener("input", apply);
  toggles.forEach(function (x) { x.addEventListener("change", apply); });
  document.getElementById("expand-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setAll(false); });
  window.addEventListener("hashchange", openHash);
  apply();
  openHash();
  document.documentElement.setAttribute("data-js", "ready");
})();`;

let cspCache: string | undefined;

/** The Content-Security-Policy: no network, inline styles, and only SCRIPT (pinned by its SHA-256). */
export function csp(): string {
  if (cspCache === undefined) {
    const digest = sha256(utf8ToBytes(SCRIPT));
    const b64 = btoa(Array.from(digest, (b) => String.fromCharCode(b)).join(""));
    cspCache = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ` +
      `script-src 'sha256-${b64}'; base-uri 'none'; form-action 'none'`;
  }
  return cspCache;
}
