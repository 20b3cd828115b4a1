// The one inline stylesheet of every page (src/render/page.ts): the report's rules, then those
// of the list pages (fleet, DDL trail). A constant, so its CSP hash is computed once. Plain
// ASCII on purpose: the hash is over UTF-8 bytes and ASCII leaves no doubt.

export const PAGE_CSS = `
:root{--bg:#fff;--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--panel:#f5f7fa;--accent:#2457c5;
--ok:#1d7a3a;--info:#1f6fb2;--warn:#a96500;--err:#c0262d;--fail:#7a2fa8;--skip:#6b7280}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--fg:#e5e8ee;--muted:#9aa3b2;--line:#2d333d;
--panel:#1c2028;--accent:#7aa2ff;--ok:#4cc46e;--info:#5aa9ef;--warn:#e6a23c;--err:#ff6b6b;--fail:#c48af0;--skip:#9aa3b2}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:24px;background:var(--bg);color:var(--fg);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",Arial,sans-serif;
overflow-wrap:anywhere}
main{max-width:1400px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:14px 0 6px}
.sub{color:var(--muted);margin:0 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:12px 14px}
.panel h3{margin-top:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:92px;background:var(--bg)}
.counts .n{display:block;font-size:20px;font-weight:600}
table.scores{border-collapse:collapse;width:100%}
table.scores td,table.scores th{padding:3px 6px;text-align:left;font-weight:normal;vertical-align:middle}
table.scores th{max-width:260px}
table.scores tr.overall th,table.scores tr.overall td{font-weight:600;border-top:1px solid var(--line)}
svg.bar{display:block;width:100%;min-width:80px;height:12px}
svg.bar .track{fill:var(--line)}
svg.bar .fill{fill:var(--ok)}
svg.bar .fill.mid{fill:var(--warn)}
svg.bar .fill.low{fill:var(--err)}
.pct{white-space:nowrap;text-align:right}
.note{color:var(--muted);font-size:12px;margin:8px 0 0}
.filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:flex-end;margin:0 0 10px}
.filters fieldset{border:1px solid var(--line);border-radius:6px;padding:4px 10px;margin:0}
.filters legend{color:var(--muted);font-size:12px;padding:0 4px}
.filters label{white-space:nowrap;margin-right:8px}
.filters .field{display:flex;flex-direction:column;gap:2px}
.filters .field span{color:var(--muted);font-size:12px}
select,input[type=search],button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);
border-radius:4px;padding:4px 8px}
input[type=search]{min-width:240px}
button{cursor:pointer}
button:hover{border-color:var(--accent)}
#shown{color:var(--muted);margin:0 0 6px}
table.checks{border-collapse:collapse;width:100%;table-layout:fixed}
table.checks th,table.checks td{border-bottom:1px solid var(--line);padding:6px;text-align:left;vertical-align:top}
table.checks thead th{position:sticky;top:0;background:var(--panel);z-index:1}
table.checks col.c-num{width:44px}
table.checks col.c-prio{width:92px}
table.checks col.c-st{width:124px}
table.checks col.c-sev{width:96px}
table.checks col.c-grp{width:150px}
table.checks col.c-chk{width:24%}
table.checks col.c-btn{width:104px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff;background:var(--skip)}
.st-Success{background:var(--ok)}.st-Info{background:var(--info)}.st-Warning{background:var(--warn)}
.st-Error{background:var(--err)}.st-Failed{background:var(--fail)}.st-Skipped{background:var(--skip)}
.sev{font-size:12px;text-transform:lowercase}
.sev-critical,.sev-high{color:var(--err);font-weight:600}
.id,.cis{display:block;color:var(--muted);font-size:12px}
.rich p{margin:0 0 6px}.rich ul,.rich ol{margin:0 0 6px;padding-left:20px}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:12.5px}
code{background:var(--panel);border-radius:3px;padding:0 3px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:var(--panel);
border:1px solid var(--line);border-radius:4px;padding:8px;margin:4px 0 8px;max-height:480px;overflow:auto}
tr.detail>td{background:var(--panel);padding:10px 14px 14px}
tr.detail h3:first-child{margin-top:0}
.exec-head{font-weight:600;margin-top:8px}
.exec-err{color:var(--err)}
.empty{color:var(--muted);text-align:center;padding:18px}
footer{color:var(--muted);font-size:12px;margin-top:28px;border-top:1px solid var(--line);padding-top:8px}
@media print{
body{padding:0;font-size:11px;background:#fff;color:#000}
.filters,#shown,button,.noprint{display:none!important}
h2{break-after:avoid}
table.checks thead th{position:static}
table.checks tr{break-inside:avoid}
tr.detail,tr.detail[hidden]{display:table-row!important}
tr.detail.filtered-out,tr.main.filtered-out{display:none!important}
pre{max-height:none;overflow:visible}
.badge{color:#000;background:none!important;border:1px solid #000}
table.checks thead th button.sort{display:inline!important}
table.checks thead th button.sort::after{content:none}
}
tr.filtered-out{display:none}
table.checks thead th button.sort{border:0;background:none;padding:0;font-weight:600;text-align:left;cursor:pointer;color:inherit;white-space:nowrap}
table.checks thead th button.sort::after{content:" \\2195";color:var(--muted);font-weight:normal}
table.checks thead th[aria-sort=descending] button.sort::after{content:" \\2193";color:var(--accent)}
table.checks thead th[aria-sort=ascending] button.sort::after{content:" \\2191";color:var(--accent)}
td.prio{font-weight:600;font-variant-numeric:tabular-nums}
td.prio.waived-prio{color:var(--muted);text-decoration:line-through;font-weight:normal}
.tag{display:inline-block;font-size:11px;font-weight:normal;border:1px solid var(--line);border-radius:8px;padding:0 6px;margin-left:4px;color:var(--muted)}
.tag.remote{border-color:var(--err);color:var(--err)}
td.prio .tag{display:block;margin:2px 0 0;width:max-content}
.badge.waived{background:none;color:var(--muted);border:1px dashed var(--muted)}
tr.is-waived>td{opacity:.75}
.waiver-reason{white-space:pre-wrap}
.fix-first{border:1px solid var(--line);border-left:4px solid var(--err);border-radius:6px;padding:4px 14px 10px;margin:14px 0 0;background:var(--panel)}
.fix-first h2{border:0;margin:8px 0 6px;padding:0}
.fix-list{list-style:none;margin:0;padding:0}
.fix-list li{display:flex;gap:12px;align-items:flex-start;padding:6px 0;border-top:1px solid var(--line)}
.fix-list li:first-child{border-top:0}
.fix-list .prio{flex:none;min-width:32px;text-align:center;font-size:18px;font-weight:700;color:var(--err);font-variant-numeric:tabular-nums}
.fix-head a{font-weight:600;color:var(--accent)}
.fix-head .grp{color:var(--muted);font-size:12px;margin-left:6px}
.fix-sum{margin-top:2px}
.fix-none{color:var(--ok);font-weight:600}
svg.spark{display:block;width:100%;min-width:120px;height:24px}
.score-panel.wide{grid-column:1/-1}
.score-panel.wide table.scores th{white-space:nowrap}
td.trend-text{color:var(--muted);font-size:12px;white-space:nowrap}
svg.spark polyline{fill:none;stroke:var(--accent);stroke-width:1.5;vector-effect:non-scaling-stroke}
svg.spark circle{fill:var(--accent)}
svg.spark line.axis{stroke:var(--line);stroke-width:1;vector-effect:non-scaling-stroke}
table.scores thead th{color:var(--muted);font-size:12px}
td.trend{width:40%}
table.list.changes td.num{text-align:right}
tr.ch-regressed td:first-child,tr.ch-new_finding td:first-child{color:var(--err);font-weight:600}
tr.ch-fixed td:first-child,tr.ch-improved td:first-child{color:var(--ok);font-weight:600}
.none{color:var(--muted)}
table.list{border-collapse:collapse;width:100%;margin:0 0 16px}
table.list th,table.list td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.list thead th{background:var(--panel)}
.cs-pass{background:var(--ok)}.cs-fail{background:var(--err)}.cs-could_not_verify{background:var(--fail)}
.cs-manual{background:var(--info)}.cs-attested{background:var(--accent)}.cs-not_applicable,.cs-waived{background:var(--skip)}
table.compliance td:nth-child(-n+4),table.compliance th{white-space:nowrap;overflow-wrap:normal}table.compliance td:nth-child(2){white-space:normal}
table.compliance ul.cc{margin:0;padding-left:16px}table.compliance .evidence{color:var(--muted);font-size:12px}
table.compliance p{margin:2px 0}.score-line{font-weight:600;margin:4px 0}p.signature{font-size:12px;color:var(--muted)}
table.list td.num{text-align:right;white-space:nowrap}
table.list td.stmt{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;white-space:pre-wrap;max-width:40em}
table.list tr.down{background:var(--panel)}
.err{color:var(--err);font-size:12px}
.srv{display:inline-block;padding:0 4px;margin:1px;border-radius:3px;border:1px solid var(--line)}
.s-Error{border-color:var(--err)}.s-Warning{border-color:var(--warn)}.s-Failed{border-color:var(--fail)}
.chain-ok{color:var(--ok)}
.chain-bad{color:var(--err);font-weight:600}
`;
