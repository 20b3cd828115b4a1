// The page's one inline script, kept as a constant string so its CSP hash is computed once
// and it needs no bundling. It reads the data block (<script type="application/json">)
// and builds every row with createElement/textContent: no string from the report is ever
// parsed as HTML. Rich text arrives pre-tokenized by rich-text.ts as [tag, ...children]
// arrays and the allowlist is checked again here. ES5-level syntax, no template literals
// (this file is itself a template literal).
//
// Sorting: the header buttons (data-sort: num, priority, status, severity, group, check)
// reorder the rows; a first click sorts the way a reader wants first (priority, status and
// severity worst first; group and check A to Z), a second click reverses. Ties keep the fix-
// first order, then report order. The page opens sorted by priority, highest first. A link to
// #check-N (the fix-first block) shows that row, clearing filters that hide it, and opens it.

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
  // worst first: Error, Failed, Warning, Info, Skipped, Success
  var STATUS_RANK = { Error: 5, Failed: 4, Warning: 3, Info: 2, Skipped: 1, Success: 0 };
  function sevRank(s) { var i = SEVERITIES.indexOf(s); return i < 0 ? 0 : SEVERITIES.length - i; }

  function buildDetail(r, td) {
    if (r.waiver) {
      td.appendChild(el('h3', null, ui.waived));
      td.appendChild(el('p', null, ui.waived_until.replace('{until}', String(r.waiver.expires_at))));
      td.appendChild(el('p', 'waiver-reason', r.waiver.reason));
    }
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
    tr.id = String(r.id);
    tr.setAttribute('data-status', String(r.status));
    if (r.waiver) tr.className += ' is-waived';
    tr.appendChild(el('td', 'num', idx + 1));
    var pr = el('td', 'prio' + (r.waiver ? ' waived-prio' : ''), r.priority > 0 ? r.priority : '\u2013');
    if (r.remote) pr.appendChild(el('span', 'tag remote', ui.exposure_remote));
    tr.appendChild(pr);
    var st = el('td');
    st.appendChild(el('span', 'badge ' + statusClass(r.status), ui['status_' + r.status] || r.status));
    if (r.waiver) { st.appendChild(document.createTextNode(' ')); st.appendChild(el('span', 'badge waived', ui.waived)); }
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
    dtd.colSpan = 8;
    buildDetail(r, dtd);
    dtr.appendChild(dtd);
    var id = 'detail-' + (idx + 1);
    dtr.id = id;
    btn.setAttribute('aria-controls', id);

    var item = {
      r: r, tr: tr, dtr: dtr, btn: btn, sev: sk, idx: idx,
      hay: [r.name, r.check_id, r.cis, r.section, r.section_header, r.description, r.status,
        plain(r.short), plain(r.full), plain(r.rec), r.waiver ? ui.waived + ' ' + r.waiver.reason : ''].join(' ').toLowerCase()
    };
    btn.addEventListener('click', function () { setOpen(item, dtr.hidden); });
    items.push(item);
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
  emptyTd.colSpan = 8;
  empty.appendChild(emptyTd);

  var waivedBox = document.getElementById('f-waived');
  function apply() {
    var want = {};
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) want[boxes[i].value] = 1;
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var g = grp.value, s = sev.value, n = 0, hideWaived = waivedBox && !waivedBox.checked;
    items.forEach(function (it) {
      var ok = want.hasOwnProperty(it.r.status) && (!g || it.r.section === g) && (!s || it.sev === s)
        && !(hideWaived && it.r.waiver);
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
  if (waivedBox) waivedBox.addEventListener('change', apply);

  // sorting
  var KEYS = {
    num: function (it) { return it.idx; },
    priority: function (it) { return it.r.sort; },
    status: function (it) { return STATUS_RANK.hasOwnProperty(it.r.status) ? STATUS_RANK[it.r.status] : -1; },
    severity: function (it) { return sevRank(it.r.severity); },
    group: function (it) { return String(it.r.section_header).toLowerCase(); },
    check: function (it) { return String(it.r.name).toLowerCase(); }
  };
  // which way a first click sorts: 1 = larger key first (descending: worst first), -1 =
  // ascending (report order, A to Z)
  var FIRST = { num: -1, priority: 1, status: 1, severity: 1, group: -1, check: -1 };
  var sortKey = 'priority', sortDir = 1;
  var sortButtons = document.querySelectorAll('button.sort');
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function sortRows() {
    var key = KEYS[sortKey];
    var ordered = items.slice().sort(function (a, b) {
      return sortDir * cmp(key(b), key(a)) || cmp(b.r.sort, a.r.sort) || a.idx - b.idx;
    });
    ordered.forEach(function (it) { body.appendChild(it.tr); body.appendChild(it.dtr); });
    if (empty.parentNode) body.appendChild(empty);
    for (var i = 0; i < sortButtons.length; i++) {
      var k = sortButtons[i].getAttribute('data-sort');
      var th = sortButtons[i].parentNode;
      if (k === sortKey) th.setAttribute('aria-sort', sortDir === 1 ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }
  for (var sb = 0; sb < sortButtons.length; sb++) {
    sortButtons[sb].addEventListener('click', function () {
      var k = this.getAttribute('data-sort');
      if (!KEYS.hasOwnProperty(k)) return;
      if (k === sortKey) sortDir = -sortDir;
      else { sortKey = k; sortDir = FIRST[k]; }
      sortRows();
    });
  }

  // a link to a row (#check-N): show it even when a filter hid it, open it
  function reveal() {
    var id = decodeURIComponent(String(location.hash || '').slice(1));
    if (!/^check-[0-9]+$/.test(id)) return;
    var it = null;
    for (var i = 0; i < items.length; i++) if (items[i].tr.id === id) it = items[i];
    if (!it) return;
    if (it.tr.classList.contains('filtered-out')) {
      for (var j = 0; j < boxes.length; j++) boxes[j].checked = true;
      if (waivedBox) waivedBox.checked = true;
      q.value = ''; grp.value = ''; sev.value = '';
      apply();
    }
    setOpen(it, true);
    it.tr.scrollIntoView({ block: 'center' });
  }
  window.addEventListener('hashchange', reveal);
  document.getElementById('expand-all').addEventListener('click', function () {
    items.forEach(function (it) { if (!it.tr.classList.contains('filtered-out')) setOpen(it, true); });
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    items.forEach(function (it) { setOpen(it, false); });
  });
  sortRows();
  apply();
  reveal();
})();
`;
