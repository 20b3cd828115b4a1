// The page's one inline script, kept as a constant string so its CSP hash is computed once
// and it needs no bundling. It reads the data block (<script type="application/json">)
// and builds every row with createElement/textContent: no string from the report is ever
// parsed as HTML. Rich text arrives pre-tokenized by rich-text.ts as [tag, ...children]
// arrays and the allowlist is checked again here. ES5-level syntax, no template literals
// (this file is itself a template literal).

import { SEVERITIES, STATUSES } from '../core/vocabulary.ts';

export const REPORT_JS = `
(function () {
  'use strict';
  var ALLOWED = { p: 1, code: 1, ul: 1, ol: 1, li: 1, b: 1, i: 1, strong: 1, em: 1, br: 1, pre: 1 };
  var STATUSES = ${JSON.stringify(STATUSES)};
  var SEVERITIES = ${JSON.stringify(SEVERITIES)};
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var ui = data.ui;
  var body = document.getElementById('rows');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function rich(parent, nodes) {
    if (!Array.isArray(nodes)) return parent;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (typeof n === 'string') parent.appendChild(document.createTextNode(n));
      else if (Array.isArray(n) && typeof n[0] === 'string' && ALLOWED.hasOwnProperty(n[0])) {
        parent.appendChild(rich(document.createElement(n[0]), n.slice(1)));
      }
    }
    return parent;
  }
  function plain(nodes) {
    var out = '';
    if (!Array.isArray(nodes)) return out;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      out += typeof n === 'string' ? n : Array.isArray(n) ? ' ' + plain(n.slice(1)) + ' ' : '';
    }
    return out;
  }
  function statusClass(s) { return STATUSES.indexOf(s) >= 0 ? 'st-' + s : 'st-unknown'; }
  function sevKey(s) { return SEVERITIES.indexOf(s) >= 0 ? s : 'none'; }

  function buildDetail(r, td) {
    if (r.status === 'Skipped' && r.skip_reason) {
      td.appendChild(el('h3', null, ui.skip_reason));
      td.appendChild(el('p', null, ui['skip_' + r.skip_reason] || r.skip_reason));
    }
    if (r.description) {
      td.appendChild(el('h3', null, ui.description));
      td.appendChild(el('p', null, r.description));
    }
    if (r.full && r.full.length) {
      td.appendChild(el('h3', null, ui.full_description));
      td.appendChild(rich(el('div', 'rich'), r.full));
    }
    if (r.rec && r.rec.length) {
      td.appendChild(el('h3', null, ui.recommendation));
      td.appendChild(rich(el('div', 'rich'), r.rec));
    }
    td.appendChild(el('h3', null, ui.executor_output));
    var ex = Array.isArray(r.executors) ? r.executors : [];
    if (!ex.length) td.appendChild(el('p', 'note', ui.no_executors));
    for (var i = 0; i < ex.length; i++) {
      var e = ex[i] || {};
      var head = [String(e.script), String(e.kind)];
      if (typeof e.duration_ms === 'number') head.push(e.duration_ms + ' ms');
      if (e.skipped) head.push(ui.status_Skipped + ': ' + e.skipped);
      td.appendChild(el('div', 'exec-head', head.join(' \\u00b7 ')));
      if (e.error) td.appendChild(el('pre', 'exec-err', e.error));
      td.appendChild(el('pre', 'exec-raw', JSON.stringify(e, null, 2)));
    }
  }

  var items = [];
  data.rows.forEach(function (r, idx) {
    var tr = el('tr', 'main');
    tr.setAttribute('data-status', String(r.status));
    tr.appendChild(el('td', 'num', idx + 1));
    var st = el('td');
    st.appendChild(el('span', 'badge ' + statusClass(r.status), ui['status_' + r.status] || r.status));
    tr.appendChild(st);
    var sk = sevKey(r.severity);
    tr.appendChild(el('td', 'sev sev-' + sk, ui['severity_' + sk]));
    tr.appendChild(el('td', 'grp', r.section_header));
    var chk = el('td', 'chk');
    chk.appendChild(el('strong', 'name', r.name));
    if (r.check_id) chk.appendChild(el('span', 'id', r.check_id));
    if (r.cis) chk.appendChild(el('span', 'cis', 'CIS ' + r.cis));
    tr.appendChild(chk);
    var shortTd = rich(el('td', 'rich short'), r.short);
    if (!shortTd.firstChild && r.status === 'Skipped' && r.skip_reason) {
      shortTd.textContent = ui.skip_reason + ' ' + (ui['skip_' + r.skip_reason] || r.skip_reason);
    }
    tr.appendChild(shortTd);
    var btnTd = el('td');
    var btn = el('button', 'toggle', ui.details);
    btn.type = 'button';
    btn.setAttribute('aria-expanded', 'false');
    btnTd.appendChild(btn);
    tr.appendChild(btnTd);

    var dtr = el('tr', 'detail');
    dtr.hidden = true;
    var dtd = el('td');
    dtd.colSpan = 7;
    buildDetail(r, dtd);
    dtr.appendChild(dtd);
    var id = 'detail-' + (idx + 1);
    dtr.id = id;
    btn.setAttribute('aria-controls', id);

    var item = {
      r: r, tr: tr, dtr: dtr, btn: btn, sev: sk,
      hay: [r.name, r.check_id, r.cis, r.section, r.section_header, r.description, r.status,
        plain(r.short), plain(r.full), plain(r.rec)].join(' ').toLowerCase()
    };
    btn.addEventListener('click', function () { setOpen(item, dtr.hidden); });
    items.push(item);
    body.appendChild(tr);
    body.appendChild(dtr);
  });

  function setOpen(item, open) {
    item.dtr.hidden = !open;
    item.btn.textContent = open ? ui.hide : ui.details;
    item.btn.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  var q = document.getElementById('f-search');
  var grp = document.getElementById('f-group');
  var sev = document.getElementById('f-severity');
  var boxes = document.querySelectorAll('input[name=f-status]');
  var shown = document.getElementById('shown');
  var empty = el('tr', 'empty-row');
  var emptyTd = el('td', 'empty', ui.no_rows);
  emptyTd.colSpan = 7;
  empty.appendChild(emptyTd);

  function apply() {
    var want = {};
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) want[boxes[i].value] = 1;
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var g = grp.value, s = sev.value, n = 0;
    items.forEach(function (it) {
      var ok = want.hasOwnProperty(it.r.status) && (!g || it.r.section === g) && (!s || it.sev === s);
      for (var w = 0; ok && w < words.length; w++) ok = it.hay.indexOf(words[w]) >= 0;
      it.tr.classList.toggle('filtered-out', !ok);
      it.dtr.classList.toggle('filtered-out', !ok);
      if (ok) n++;
    });
    shown.textContent = ui.shown_of.replace('{shown}', String(n)).replace('{total}', String(items.length));
    if (!n && !empty.parentNode) body.appendChild(empty);
    if (n && empty.parentNode) body.removeChild(empty);
  }
  [q, grp, sev].forEach(function (c) { c.addEventListener('input', apply); c.addEventListener('change', apply); });
  for (var b = 0; b < boxes.length; b++) boxes[b].addEventListener('change', apply);
  document.getElementById('expand-all').addEventListener('click', function () {
    items.forEach(function (it) { if (!it.tr.classList.contains('filtered-out')) setOpen(it, true); });
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    items.forEach(function (it) { setOpen(it, false); });
  });
  apply();
})();
`;
