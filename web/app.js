// The search page of `morgue serve`: everything it shows comes from the JSON
// API of the same server (docs/serve.md); the state lives in the URL
// (query, sort, offset, by, compare, article), so every view is a bookmark.
'use strict';

const PAGE = 10;
const FACETS = [['person', 'People'], ['org', 'Organisations'], ['place', 'Places'],
  ['topic', 'Topics'], ['speaker', 'Speakers']];
const COLORS = ['#0b57a4', '#c0392b', '#2e8b57'];
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function state() {
  const p = new URLSearchParams(location.search);
  return {
    query: p.get('query') || '', sort: p.get('sort') || 'relevance',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    by: p.get('by') || 'month', compare: p.get('compare') || '', article: p.get('article') || '',
  };
}

function urlOf(s) {
  const p = new URLSearchParams();
  if (s.query) p.set('query', s.query);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.by && s.by !== 'month') p.set('by', s.by);
  if (s.compare) p.set('compare', s.compare);
  if (s.article) p.set('article', s.article);
  const q = p.toString();
  return '/' + (q ? '?' + q : '');
}

function go(changes) {
  const s = Object.assign(state(), changes);
  history.pushState(null, '', urlOf(s));
  render();
}

function setStatus(text, error) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

function errorText(body) {
  const e = body && body.error;
  if (!e) return 'the server did not answer';
  return e.message;  // the library's message says where in the query
}

async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) throw new Error(errorText(body));
  return body;
}

function compareQueries(s) {
  return s.compare.split('|').map((q) => q.trim()).filter((q) => q).slice(0, 2);
}

async function render() {
  const s = state();
  $('query').value = s.query;
  $('sort').value = s.sort;
  $('by').value = s.by;
  $('compare').value = s.compare;
  if (s.article) return showArticle(s.article);
  $('article').hidden = true;
  if (!s.query) {
    $('results-view').hidden = true;
    setStatus('Type a query and press Enter.');
    return;
  }
  setStatus('Searching…');
  const requests = [{ path: '/search', params: { query: s.query, sort: s.sort, offset: s.offset, limit: PAGE } }];
  for (const [field] of FACETS) requests.push({ path: '/facets', params: { query: s.query, by: field, top: 8 } });
  const queries = [s.query, ...compareQueries(s)];
  for (const q of queries) requests.push({ path: '/histogram', params: { query: q, by: s.by } });
  let answer;
  try {
    answer = await api('/msearch', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests }) });
  } catch (e) {
    $('results-view').hidden = true;
    return setStatus(e.message, true);
  }
  const [search, ...rest] = answer.responses;
  if (search.status !== 200) {
    $('results-view').hidden = true;
    return setStatus(errorText(search.body), true);
  }
  $('results-view').hidden = false;
  setStatus('');
  showHits(s, search.body);
  showFacets(s, rest.slice(0, FACETS.length));
  showChart(queries, rest.slice(FACETS.length));
}

function showHits(s, r) {
  const shown = r.hits.length ? `${s.offset + 1}–${s.offset + r.hits.length}` : 'none';
  $('totals').textContent = `${r.total_exact ? '' : 'about '}${r.total} matching article${r.total === 1 ? '' : 's'}; showing ${shown}`;
  const exports = $('exports');
  exports.replaceChildren('Export all: ');
  for (const format of ['jsonl', 'csv']) {
    const p = new URLSearchParams({ query: s.query, sort: s.sort, format });
    exports.append(el('a', { href: '/export?' + p, download: `morgue-export.${format}`, text: format === 'jsonl' ? 'JSON Lines' : 'CSV' }), ' ');
  }
  const list = $('hits');
  list.replaceChildren();
  list.start = s.offset + 1;
  for (const h of r.hits) {
    const id = h.source + '/' + h.id;
    const link = el('a', { href: urlOf(Object.assign({}, s, { article: id })), class: 'hit-link', text: h.headline || '(no headline)' });
    link.addEventListener('click', (ev) => { ev.preventDefault(); go({ article: id }); });
    const snippet = el('div', { class: 'snippet' });
    snippet.innerHTML = h.snippet_html;  // escaped by the server (EscapeMarkup), matched words in <b>
    list.append(el('li', { class: 'hit' }, el('div', { class: 'hit-head' }, link),
      el('div', { class: 'hit-meta', text: `${h.date || 'undated'} · ${id}` }), snippet));
  }
  const pager = $('pager');
  pager.replaceChildren();
  const page = (label, offset) => {
    const a = el('a', { href: urlOf(Object.assign({}, s, { offset })), text: label });
    a.addEventListener('click', (ev) => { ev.preventDefault(); go({ offset }); window.scrollTo(0, 0); });
    pager.append(a);
  };
  if (s.offset > 0) page('← previous', Math.max(0, s.offset - PAGE));
  if (s.offset + PAGE < r.total) page('next →', s.offset + PAGE);
}

function quoted(value) {
  return /^[\p{L}\p{N}._-]+$/u.test(value) ? value : '"' + value.replace(/"/g, '') + '"';
}

// The query as one operand of an AND: in parentheses when it holds an OR
// ("a OR b person:x" would be "a OR (b person:x)").
function grouped(query) {
  return /(^|[\s()])(OR|\|)([\s()]|$)/i.test(query) ? `(${query})` : query;
}

function showFacets(s, answers) {
  const box = $('facets');
  box.replaceChildren(el('h2', { text: 'Refine' }));
  FACETS.forEach(([field, title], i) => {
    const a = answers[i];
    if (!a || a.status !== 200 || !a.body.values.length) return;
    const list = el('ul', { id: 'facet-' + field });
    for (const v of a.body.values) {
      const b = el('button', { type: 'button', class: 'facet', 'data-field': field, 'aria-label': `${title}: ${v.value}, ${v.count} articles` },
        el('span', { text: v.value }), el('span', { class: 'n', text: String(v.count) }));
      b.addEventListener('click', () => go({ query: `${grouped(s.query)} ${field}:${quoted(v.value)}`, offset: 0 }));
      list.append(el('li', {}, b));
    }
    box.append(el('h3', { text: title }), list);
  });
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// One line per query: the share of all articles of each interval that match it.
function showChart(queries, answers) {
  const box = $('chart');
  box.replaceChildren();
  const series = [];
  answers.forEach((a, i) => {
    if (a.status === 200) series.push({ query: queries[i], bins: a.body.bins, color: COLORS[i] });
    else box.append(el('p', { class: 'error', text: `${queries[i]}: ${errorText(a.body)}` }));
  });
  const labels = [...new Set(series.flatMap((x) => x.bins.map((b) => b.interval)))].sort();
  if (!labels.length) return box.append(el('p', { text: 'No dated article matches.' }));
  const W = 720, H = 240, L = 48, R = 10, T = 10, B = 36;
  let max = 0;
  for (const x of series) for (const b of x.bins) max = Math.max(max, b.share || 0);
  max = max || 1;
  const X = (i) => L + (labels.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (labels.length - 1));
  const Y = (v) => T + (H - T - B) * (1 - v / max);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id: 'chart-svg',
    'aria-label': 'Share of all articles per interval' });
  chart.append(svg('line', { x1: L, y1: Y(0), x2: W - R, y2: Y(0), stroke: '#888' }));
  for (const f of [0.5, 1]) {
    const t = svg('text', { x: L - 4, y: Y(max * f) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#555' });
    t.textContent = (100 * max * f).toFixed(max * f * 100 < 1 ? 2 : 1) + '%';
    chart.append(t, svg('line', { x1: L, y1: Y(max * f), x2: W - R, y2: Y(max * f), stroke: '#e4e4e4' }));
  }
  const step = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    if (i % step) return;
    const t = svg('text', { x: X(i), y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#555' });
    t.textContent = label;
    chart.append(t);
  });
  const legend = el('div', { class: 'legend' });
  for (const x of series) {
    const byLabel = new Map(x.bins.map((b) => [b.interval, b]));
    // An interval without any article in the archive has no share (null), not
    // a share of 0: the line breaks there.
    let d = '', pen = 'M';
    labels.forEach((label, i) => {
      const b = byLabel.get(label);
      if (!b || b.share === null || b.share === undefined) { pen = 'M'; return; }
      d += `${pen}${X(i).toFixed(1)},${Y(b.share).toFixed(1)} `;
      pen = 'L';
      const dot = svg('circle', { cx: X(i).toFixed(1), cy: Y(b.share).toFixed(1), r: 2.5, fill: x.color, class: 'point' });
      const tip = svg('title', {});
      tip.textContent = `${x.query}, ${label}: ${(100 * b.share).toFixed(2)}% (${b.count} of ${b.all})`;
      dot.append(tip);
      chart.append(dot);
    });
    chart.append(svg('path', { d: d.trim() || 'M0,0', fill: 'none', stroke: x.color, 'stroke-width': 2, class: 'series' }));
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = x.color;
    legend.append(el('span', {}, swatch, x.query));
  }
  box.append(chart, legend);
}

async function showArticle(id) {
  $('results-view').hidden = true;
  const box = $('article');
  setStatus('Loading the article…');
  let a;
  try {
    // Every character encoded, "/" too (the server decodes %2F): an id holding
    // "../" must not become a dot segment that the browser resolves away
    // (hostile/../../stats would fetch /stats).
    a = await api('/articles/' + encodeURIComponent(id));
  } catch (e) {
    box.hidden = true;
    return setStatus(e.message, true);
  }
  setStatus('');
  const back = el('a', { href: urlOf(Object.assign(state(), { article: '' })), text: '← back to the hits' });
  back.addEventListener('click', (ev) => { ev.preventDefault(); go({ article: '' }); });
  box.replaceChildren(back, el('h1', { id: 'article-headline', text: a.headline || '(no headline)' }),
    el('p', { class: 'hit-meta', text: [a.date || 'undated', a.source + '/' + a.id, a.dateline, a.section, (a.authors || []).join(', ')].filter((x) => x).join(' · ') }));
  for (const c of a.captions || []) box.append(el('figure', {}, el('figcaption', { text: c.text + (c.credit ? ` (Photo: ${c.credit})` : '') })));
  for (const p of a.body || []) box.append(el('p', { text: p }));
  if ((a.quotes || []).length) {
    box.append(el('h2', { text: 'Quotes' }));
    for (const q of a.quotes) box.append(el('blockquote', { class: 'quote' }, el('p', { text: '“' + q.text + '”' }), el('footer', { text: q.speaker ? '— ' + q.speaker : '— (speaker unknown)' })));
  }
  const speakers = [...new Set((a.quotes || []).map((q) => q.speaker).filter((x) => x))];
  const tags = el('div', { class: 'tags' });
  const tag = (kind, name) => tags.append(el('span', { text: `${kind}: ${name}` }));
  for (const sp of speakers) tag('speaker', sp);
  for (const e of a.entities || []) tag(e.kind, e.canonical || e.name);
  for (const t of a.topics || []) tag('topic', t);
  box.append(el('h2', { text: 'Speakers, names and topics' }), tags);
  box.hidden = false;
  back.focus();
}

document.addEventListener('DOMContentLoaded', () => {
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({ query: $('query').value.trim(), sort: $('sort').value, offset: 0, article: '' });
  });
  $('chart-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({ by: $('by').value, compare: $('compare').value });
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      ev.preventDefault();
      $('query').focus();
    }
  });
  window.addEventListener('popstate', render);
  render();
});
