// The pages' styles. Colours are variables so that one block switches the
// whole page to dark when the system asks for it.
#include "html/page.hpp"

namespace capsule::cli::html {

std::string_view stylesheet() {
    return R"css(:root {
  --bg: #f6f7f9; --card: #ffffff; --fg: #1d2330; --muted: #5d6675; --faint: #8a93a3;
  --border: #d8dce3; --code-bg: #f0f2f5; --accent: #0b5cad; --name: #6a2fa0;
  --bad: #c62828; --bad-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff3cd;
  --here-bg: #fff1b8; --assert-bg: #e6f0ff; --assert-border: #3d7be0;
  --lib-fg: #7a8291; --bar: #3d7be0; --bar2: #8e5bd6; --path-user: #e6f0ff; --path-lib: #eef0f3;
  --mark: #ffe066;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --card: #181d24; --fg: #dde3ea; --muted: #9aa5b4; --faint: #6c7685;
    --border: #2c343f; --code-bg: #11161c; --accent: #6cb6ff; --name: #d2a8ff;
    --bad: #ff7b72; --bad-bg: #3a1d1d; --warn: #e3b341; --warn-bg: #3a2f12;
    --here-bg: #4a3b00; --assert-bg: #17304f; --assert-border: #4d8fe6;
    --lib-fg: #7d8694; --bar: #4d8fe6; --bar2: #a37ee8; --path-user: #17304f; --path-lib: #20262e;
    --mark: #6b5500;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 1200px; margin: 0 auto; padding: 16px 20px 48px; }
code, pre, .mono, .fn, .vv, .vt, .loc, svg text {
  font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
}
pre { margin: 0; }
a { color: var(--accent); }
h1 { font-size: 1.45rem; margin: 4px 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0 0 10px; }
.card {
  background: var(--card); border: 1px solid var(--border); border-radius: 8px;
  padding: 14px 16px; margin: 14px 0;
}
.top .kind {
  display: inline-block; font-size: .78rem; font-weight: 700; letter-spacing: .06em;
  text-transform: uppercase; color: var(--bad); background: var(--bad-bg);
  border-radius: 4px; padding: 2px 8px;
}
.message {
  white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bad-bg);
  border-left: 4px solid var(--bad); padding: 8px 12px; border-radius: 4px; margin: 8px 0 12px;
  font-size: .92rem;
}
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.warn { color: var(--warn); background: var(--warn-bg); border-radius: 4px; padding: 1px 6px; }
.muted { color: var(--muted); }
.pre { white-space: pre-wrap; }
.none { color: var(--muted); font-style: italic; margin: 6px 0; }
.toolbar {
  position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center;
  background: var(--bg); padding: 8px 0; border-bottom: 1px solid var(--border);
}
.toolbar input[type=search] {
  flex: 1 1 260px; min-width: 0; font: inherit; padding: 7px 10px; color: var(--fg);
  background: var(--card); border: 1px solid var(--border); border-radius: 6px;
}
.toolbar button {
  font: inherit; font-size: .88rem; padding: 6px 10px; color: var(--fg); background: var(--card);
  border: 1px solid var(--border); border-radius: 6px; cursor: pointer;
}
#search-status { color: var(--muted); font-size: .88rem; }
.source {
  background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px;
  overflow-x: auto; font-size: .85rem; margin: 8px 0; padding: 6px 0;
}
.source pre { min-width: max-content; tab-size: 4; -moz-tab-size: 4; }
.source .line { display: block; padding: 0 12px 0 0; }
.source .ln {
  display: inline-block; min-width: 4.5em; padding: 0 12px 0 8px; text-align: right;
  color: var(--faint); user-select: none;
}
.source .here { background: var(--here-bg); font-weight: 600; }
.source .here .ln { color: var(--fg); }
.where { margin: 0 0 6px; overflow-wrap: anywhere; }
.where .fn { font-weight: 600; }
.expression .ident { background: var(--assert-bg); border-bottom: 2px solid var(--assert-border); }
svg.call-path { display: block; width: 100%; height: auto; max-width: 440px; }
svg.chart { display: block; width: 100%; height: auto; max-width: 420px; }
svg text { fill: var(--fg); font-size: 13px; }
svg .sub { fill: var(--muted); font-size: 11px; }
svg .node-user rect { fill: var(--path-user); stroke: var(--assert-border); }
svg .node-lib rect { fill: var(--path-lib); stroke: var(--border); }
svg .node-lib text { fill: var(--lib-fg); }
svg .node-failing rect { stroke: var(--bad); stroke-width: 2; }
svg .edge { stroke: var(--faint); stroke-width: 1.5; fill: none; }
svg .arrow { fill: var(--faint); }
svg a:hover rect { stroke-width: 2.5; }
svg .bar { fill: var(--bar); }
svg .bar-kind { fill: var(--bar2); }
svg .count { font-weight: 700; }
details > summary { cursor: pointer; }
.thread { margin: 10px 0; }
.thread > summary { font-weight: 600; padding: 4px 0; }
.thread > summary .badge { font-weight: 500; }
details.frame, section.card { scroll-margin-top: 64px; }
details.frame { border: 1px solid var(--border); border-radius: 6px; margin: 6px 0; background: var(--card); }
details.frame > summary {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px; padding: 6px 10px; list-style: none;
}
details.frame > summary::-webkit-details-marker { display: none; }
details.frame > summary::before { content: "\25B8"; color: var(--faint); width: 1em; flex: none; }
details.frame[open] > summary::before { content: "\25BE"; }
details.frame > summary .fn { flex: 1 1 22em; min-width: 0; overflow-wrap: anywhere; font-size: .9rem; }
details.frame:not([open]) > summary .fn { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
details.frame > summary .fi { color: var(--faint); font-size: .85rem; min-width: 2.2em; }
details.frame > summary .loc { color: var(--muted); font-size: .82rem; overflow-wrap: anywhere; }
details.frame.lib { background: transparent; }
details.frame.lib > summary { color: var(--lib-fg); }
details.frame.failing { border-color: var(--bad); box-shadow: inset 4px 0 0 var(--bad); }
.frame-body { padding: 2px 12px 10px 30px; border-top: 1px solid var(--border); }
.frame-facts { font-size: .8rem; color: var(--muted); margin: 6px 0; overflow-wrap: anywhere; }
.frame-facts span + span::before { content: " \00B7  "; }
.badge {
  display: inline-block; font-size: .72rem; line-height: 1.5; padding: 0 6px; border-radius: 9px;
  border: 1px solid var(--border); color: var(--muted); white-space: nowrap; font-family: system-ui, sans-serif;
  font-weight: 500; font-style: normal;
}
.badge.failing { color: var(--bad); border-color: var(--bad); }
.badge.cat-user { color: var(--accent); border-color: var(--accent); }
ul.vars { list-style: none; margin: 4px 0; padding: 0 0 0 14px; border-left: 1px dotted var(--border); }
.frame-body > ul.vars { padding-left: 0; border-left: none; }
li.var { margin: 1px 0; }
.var-row {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 8px; padding: 1px 4px; border-radius: 4px;
}
summary.var-row { list-style: none; }
summary.var-row::-webkit-details-marker { display: none; }
summary.var-row::before { content: "\25B8"; color: var(--faint); }
details[open] > summary.var-row::before { content: "\25BE"; }
div.var-row { padding-left: calc(4px + 1.1em); }
/* A struct's or container's one-line summary: its children tell the rest. */
summary.var-row .vv { flex: 1 1 0; min-width: 6em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.vn { color: var(--name); font-weight: 600; overflow-wrap: anywhere; }
.vv { overflow-wrap: anywhere; white-space: pre-wrap; font-size: .88rem; min-width: 0; }
/* Template types run to hundreds of characters: one line, the whole in the tooltip. */
.vt {
  color: var(--faint); font-size: .78rem; max-width: 45%;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.vk { color: var(--faint); font-size: .72rem; }
li.var.assert > .var-row, li.var.assert > details > .var-row {
  background: var(--assert-bg); box-shadow: inset 3px 0 0 var(--assert-border);
}
li.var.match > .var-row, li.var.match > details > .var-row { background: var(--mark); }
.st-masked > .var-row .vv, .st-masked > details > .var-row .vv { color: var(--warn); }
.badge.st-masked { color: var(--warn); background: var(--warn-bg); border-color: var(--warn); }
.st-optimized_out > .var-row .vv, .st-optimized_out > details > .var-row .vv {
  color: var(--faint); font-style: italic;
}
.badge.st-optimized_out { border-style: dashed; }
.badge.st-unreadable, .badge.st-truncated, .badge.st-not_implemented { color: var(--warn); border-color: var(--warn); }
.badge.st-shadowed { color: var(--faint); }
.badge.assert { color: var(--assert-border); border-color: var(--assert-border); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td {
  text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--border); vertical-align: top;
  overflow-wrap: anywhere;
}
/* Fixed columns: one long unbroken value must not squeeze the others. */
table.capsules { table-layout: fixed; }
col.c-capsule { width: 14%; } col.c-test { width: 21%; } col.c-kind { width: 8%; }
col.c-time { width: 18%; } col.c-host { width: 9%; } col.c-message { width: 30%; }
td.time, td.test { font-size: .82rem; }
th { color: var(--muted); font-weight: 600; }
.table-wrap { overflow-x: auto; }
tr.group th { background: var(--code-bg); color: var(--fg); }
tr.group .count { color: var(--bad); }
pre.manifest {
  background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px;
  overflow-x: auto; font-size: .82rem;
}
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 24px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  main { padding: 8px 10px 32px; }
  .card { padding: 10px; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.facts dt { margin-top: 6px; font-size: .8rem; }
  .frame-body { padding: 2px 8px 8px 10px; }
  details.frame > summary { padding: 6px 8px; }
  details.frame > summary .fn { flex-basis: 100%; order: 1; }
  .charts { grid-template-columns: minmax(0, 1fr); }
  th.wide, td.wide { display: none; }
  /* The index table becomes one card per capsule. */
  table.capsules, table.capsules tbody, table.capsules tr, table.capsules td, table.capsules th { display: block; }
  table.capsules thead { display: none; }
  table.capsules td { border: none; padding: 1px 8px; }
  table.capsules tr.capsule { border-bottom: 1px solid var(--border); padding: 6px 0; }
  table.capsules td.test { font-weight: 600; }
  table.capsules td.wide { display: none; }
}
)css";
}

}  // namespace capsule::cli::html
