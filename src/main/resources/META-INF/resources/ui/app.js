// The playground: plain DOM code over the service's own JSON API. Every answer that is not a 2xx
// is shown as the API's {error, field}; nothing is swallowed.
'use strict';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const state = { image: null, name: null, imageVector: null };

/** POST JSON; resolves with the answer, or rejects with {error, field, status}. */
async function call(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw { error: 'the service did not answer: ' + e.message, field: null };
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) {
    if (json && typeof json.error === 'string') {
      throw { error: json.error, field: json.field ?? null, status: response.status };
    }
    throw { error: 'HTTP ' + response.status + ': ' + (text.slice(0, 200) || 'no body'), field: null,
      status: response.status };
  }
  return json;
}

function showError(id, problem) {
  const box = $(id);
  box.replaceChildren();
  if (!problem) {
    box.hidden = true;
    return;
  }
  const message = document.createElement('span');
  message.className = 'message';
  message.textContent = (problem.status ? problem.status + ' · ' : '') + (problem.error || String(problem));
  box.append(message);
  if (problem.field) {
    const field = document.createElement('span');
    field.className = 'field';
    field.textContent = 'field: ' + problem.field;
    box.append(field);
  }
  box.hidden = false;
}

/** Runs one section's request with its button disabled and its error box cleared or filled. */
async function run(button, errorId, work) {
  const b = $(button);
  const label = b.textContent;
  b.disabled = true;
  b.setAttribute('aria-busy', 'true');
  b.textContent = 'Working…';
  showError(errorId, null);
  try {
    await work();
  } catch (problem) {
    if (problem instanceof Error) {
      problem = { error: problem.message, field: null };
    }
    showError(errorId, problem);
  } finally {
    b.textContent = label;
    b.removeAttribute('aria-busy');
    b.disabled = false;
    updateButtons();
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    // through the CSSOM: the page's Content-Security-Policy refuses style attributes
    else if (k === 'style') node.style.cssText = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const lines = (id) => $(id).value.split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
const fixed = (x, n = 3) => (typeof x === 'number' ? x.toFixed(n) : '–');

function updateButtons() {
  for (const id of ['read-run', 'encode-run', 'captions-run', 'chain-run']) {
    if (!$(id).hasAttribute('aria-busy')) {
      $(id).disabled = !state.image;
    }
  }
}

// ---- readiness ------------------------------------------------------------------------------

async function health() {
  const badge = $('readiness');
  const list = $('models');
  try {
    const response = await fetch('/q/health/ready', { headers: { Accept: 'application/json' } });
    const body = await response.json();
    const up = body.status === 'UP';
    badge.textContent = up ? 'Ready' : 'Not ready';
    badge.className = 'badge ' + (up ? 'up' : 'down');
    list.replaceChildren();
    for (const check of body.checks || []) {
      for (const [model, status] of Object.entries(check.data || {})) {
        const ready = String(status).startsWith('READY');
        list.append(el('li', { class: ready ? 'ready' : 'missing', text: model + ': ' + status }));
      }
    }
  } catch (e) {
    badge.textContent = 'Unreachable: ' + e.message;
    badge.className = 'badge down';
  }
}

// ---- the image ------------------------------------------------------------------------------

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function useImage(dataUrl, name) {
  state.image = dataUrl;
  state.name = name;
  state.imageVector = null;
  $('image-name').textContent = 'Image: ' + name;
  const img = $('preview');
  // a file the browser cannot show is still sent: the service says what is wrong with it
  img.onerror = () => { img.hidden = true; };
  img.src = dataUrl;
  img.alt = 'The chosen image, ' + name;
  img.hidden = false;
  $('boxes').replaceChildren();
  $('lines').replaceChildren();
  $('read-meta').textContent = '';
  for (const id of ['encode-out', 'chain-out']) $(id).replaceChildren();
  $('caption-ranks').replaceChildren();
  updateButtons();
  await readText();
}

async function chooseFile(file) {
  if (!file) return;
  // send whatever was chosen: the service says what it cannot read
  await useImage(await readFile(file), file.name);
}

async function sample() {
  const response = await fetch('samples/receipt.png');
  const blob = await response.blob();
  await useImage(await readFile(blob), 'receipt.png (the sample)');
}

// ---- read-text ------------------------------------------------------------------------------

function readingOrder(list) {
  const indexed = list.map((line, i) => ({ line, i }));
  if (indexed.every((x) => typeof x.line.readingIndex === 'number')) {
    indexed.sort((a, b) => a.line.readingIndex - b.line.readingIndex);
  }
  return indexed;
}

function highlight(index, on) {
  for (const node of document.querySelectorAll('[data-line="' + index + '"]')) {
    node.classList.toggle('active', on);
  }
}

async function readText() {
  await run('read-run', 'read-error', async () => {
    $('boxes').replaceChildren();
    $('lines').replaceChildren();
    $('read-meta').textContent = 'Reading…';
    let result;
    try {
      result = await call('/read-text', { image: state.image });
    } catch (problem) {
      $('read-meta').textContent = '';
      throw problem;
    }
    const svg = $('boxes');
    svg.setAttribute('viewBox', '0 0 ' + result.width + ' ' + result.height);
    svg.setAttribute('preserveAspectRatio', 'none');
    const list = $('lines');
    for (const { line, i } of readingOrder(result.lines)) {
      const polygon = document.createElementNS(SVG, 'polygon');
      polygon.setAttribute('points', line.box.map((p) => p[0] + ',' + p[1]).join(' '));
      polygon.dataset.line = i;
      polygon.addEventListener('mouseenter', () => highlight(i, true));
      polygon.addEventListener('mouseleave', () => highlight(i, false));
      const number = document.createElementNS(SVG, 'text');
      number.setAttribute('x', Math.max(0, Math.min(...line.box.map((p) => p[0])) - 2));
      number.setAttribute('y', Math.max(12, Math.min(...line.box.map((p) => p[1])) - 3));
      number.setAttribute('font-size', Math.max(10, Math.round(result.height / 22)));
      number.setAttribute('text-anchor', 'start');
      number.textContent = String(list.children.length + 1);
      svg.append(polygon, number);

      const item = el('li', { tabindex: '0', 'data-line': String(i) },
        el('span', { class: 'text', text: line.text }),
        el('span', { class: 'conf', text: 'confidence ' + fixed(line.confidence) }));
      if (line.rotated) item.append(el('span', { class: 'conf', text: 'turned upright' }));
      if (line.block !== undefined && line.block !== null) {
        item.append(el('span', { class: 'conf', text: 'block ' + line.block }));
      }
      for (const type of ['mouseenter', 'focus']) item.addEventListener(type, () => highlight(i, true));
      for (const type of ['mouseleave', 'blur']) item.addEventListener(type, () => highlight(i, false));
      list.append(item);
    }
    $('read-meta').textContent = result.lines.length + ' line' + (result.lines.length === 1 ? '' : 's') + ' · '
      + result.width + '×' + result.height + ' px · ' + result.model + ' ' + result.version;
    $('preview').alt = 'The chosen image, ' + state.name
      + (result.text ? '. Text read in it: ' + result.text.replace(/\n/g, ' / ') : '. No text found in it.');
    if (result.lines.length === 0) list.append(el('li', { class: 'muted', text: 'No text found.' }));
  });
}

// ---- encode-image / encode-text -------------------------------------------------------------

function cosine(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}

function copyButton(label, vector) {
  const button = el('button', { type: 'button', class: 'secondary', text: label });
  button.addEventListener('click', async () => {
    const text = JSON.stringify(vector);
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch (e) {
      // no clipboard (plain http on another host): select the vector for the user to copy
      const area = el('textarea', { rows: '2', 'aria-label': 'The vector as JSON' });
      area.value = text;
      button.replaceWith(area);
      area.select();
    }
  });
  return button;
}

async function encode() {
  await run('encode-run', 'encode-error', async () => {
    const out = $('encode-out');
    out.replaceChildren();
    const image = await call('/encode-image', { image: state.image });
    state.imageVector = image;
    out.append(el('p', {},
      'Image vector: ', el('strong', { text: image.dimension + ' dimensions' }), ' in space ',
      el('code', { text: image.space }), ' (model ' + image.model + ', family ' + image.family + ') ',
      copyButton('Copy image vector', image.vector)));
    const texts = lines('encode-texts');
    if (texts.length === 0) return;
    const encoded = await call('/encode-text', { texts, model: image.space });
    const table = el('table', {},
      el('caption', { class: 'visually-hidden', text: 'Cosine between the image and each text' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Text' }),
        el('th', { scope: 'col', class: 'num', text: 'Cosine to the image' }),
        el('th', { scope: 'col', class: 'num', text: 'Tokens' }),
        el('th', { scope: 'col', text: 'Vector' }))));
    const body = el('tbody');
    for (const embedding of encoded.embeddings) {
      const same = encoded.space === image.space;
      body.append(el('tr', {},
        el('td', { text: texts[embedding.index] }),
        el('td', { class: 'num', text: same ? fixed(cosine(image.vector, embedding.vector)) : 'other space' }),
        el('td', { class: 'num', text: String(embedding.tokens) + (embedding.truncated ? ' (truncated)' : '') }),
        el('td', {}, copyButton('Copy', embedding.vector))));
    }
    table.append(body);
    out.append(el('p', { class: 'muted', text: 'Texts encoded by ' + encoded.model + ' in space ' + encoded.space
        + ', ' + encoded.dimension + ' dimensions.' }), table);
  });
}

// ---- score-captions -------------------------------------------------------------------------

/** Ranked captions, best first, each with its probability as a bar; the media sections share it. */
function renderRanks(list, captions) {
  list.replaceChildren();
  for (const score of captions) {
    const percent = Math.max(0, Math.min(100, score.probability * 100));
    list.append(el('li', { 'data-rank': String(score.rank) },
      el('span', { class: 'caption', text: score.caption }),
      el('div', { class: 'bar', 'aria-hidden': 'true' }, el('span', { style: 'width:' + percent.toFixed(1) + '%' })),
      el('span', { class: 'figures', text: 'probability ' + percent.toFixed(1) + '% · cosine '
          + fixed(score.cosine) })));
  }
}

async function rankCaptions() {
  await run('captions-run', 'captions-error', async () => {
    const list = $('caption-ranks');
    list.replaceChildren();
    $('captions-meta').textContent = '';
    const result = await call('/score-captions', { image: state.image, captions: lines('caption-input') });
    renderRanks(list, result.captions);
    $('captions-meta').textContent = 'Model ' + result.model + ', logit scale ' + result.logitScale
      + (result.text ? '; text read in the image: “' + result.text.replace(/\n/g, ' / ') + '”' : '');
  });
}

// ---- score-summaries ------------------------------------------------------------------------

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sentence with each unsupported fact wrapped in a mark. */
function sentenceNode(sentence) {
  const support = Math.max(0, Math.min(1, sentence.support));
  const node = el('span', { class: 'sentence', style: 'background:hsl(' + Math.round(support * 120) + ',70%,88%)',
    title: 'support ' + fixed(support) + ' (similarity ' + fixed(sentence.similarity) + ', window '
      + sentence.window + ')' });
  const facts = (sentence.unsupported || []).filter((f) => f);
  // the colour is for the eye; a screen reader gets the number
  const spoken = el('span', { class: 'visually-hidden', text: ' (support ' + fixed(support, 2) + ')' });
  if (facts.length === 0) {
    node.append(sentence.text, spoken);
    return node;
  }
  const pattern = new RegExp('(' + facts.map(escapeRegExp).join('|') + ')', 'g');
  for (const part of sentence.text.split(pattern)) {
    if (facts.includes(part)) {
      node.append(el('mark', { class: 'unsupported', title: 'not in the document', text: part }));
    } else if (part) {
      node.append(part);
    }
  }
  node.append(spoken);
  return node;
}

function renderSummaries(out, result, texts) {
  out.replaceChildren(el('div', { class: 'legend', 'aria-hidden': 'true' },
    el('span', {}, el('span', { style: 'background:hsl(120,70%,88%)' }), 'well supported'),
    el('span', {}, el('span', { style: 'background:hsl(60,70%,88%)' }), 'partly'),
    el('span', {}, el('span', { style: 'background:hsl(0,70%,88%)' }), 'unsupported'),
    el('span', {}, el('mark', { class: 'unsupported', text: '7.9' }), ' a number or name not in the document')));
  for (const summary of result.summaries) {
    const block = el('div', { class: 'summary', 'data-rank': String(summary.rank) },
      el('h3', { text: '#' + summary.rank + ' · F1 ' + fixed(summary.f1) }),
      el('p', { class: 'figures', text: 'precision ' + fixed(summary.precision) + ' · coverage '
          + fixed(summary.coverage) + ' · summary ' + (summary.index + 1) + ' of ' + texts.length }));
    const p = el('p');
    for (const sentence of summary.sentences) {
      p.append(sentenceNode(sentence), ' ');
    }
    block.append(p);
    const missing = summary.sentences.flatMap((s) => s.unsupported || []);
    if (missing.length > 0) {
      block.append(el('p', { class: 'error', text: 'Not in the document: ' + missing.join(', ') }));
    }
    out.append(block);
  }
}

async function scoreSummaries() {
  await run('summaries-run', 'summaries-error', async () => {
    const out = $('summaries-out');
    out.replaceChildren();
    const texts = lines('summary-input');
    const result = await call('/score-summaries', { document: $('document').value, summaries: texts });
    renderSummaries(out, result, texts);
    out.append(el('p', { class: 'muted', text: 'Model ' + result.model + ', ' + result.windows
        + ' document windows.' }));
  });
}

// ---- the chain ------------------------------------------------------------------------------

async function chain() {
  await run('chain-run', 'chain-error', async () => {
    const out = $('chain-out');
    out.replaceChildren();
    const body = { image: state.image };
    const captions = lines('caption-input');
    if (captions.length > 0) body.captions = captions;
    const summaries = lines('summary-input');
    if ($('document').value.trim() && summaries.length > 0) {
      body.document = $('document').value;
      body.summaries = summaries;
    }
    const result = await call('/v1/analyze', body);
    const table = el('table', {},
      el('caption', { class: 'visually-hidden', text: 'Each step of the chain' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Step' }),
        el('th', { scope: 'col', text: 'Where it ran' }),
        el('th', { scope: 'col', class: 'num', text: 'Time (ms)' }))));
    const rows = el('tbody');
    for (const step of result.steps) {
      rows.append(el('tr', {}, el('td', { text: step.function }), el('td', { text: step.where }),
        el('td', { class: 'num', text: fixed(step.ms, 1) })));
    }
    rows.append(el('tr', {}, el('th', { scope: 'row', text: 'Total' }), el('td'),
      el('td', { class: 'num', text: fixed(result.totalMs, 1) })));
    table.append(rows);
    out.append(table);
    const analysis = result.result || {};
    const facts = el('ul');
    if (analysis.imageVector) {
      facts.append(el('li', { text: 'Image: ' + analysis.imageVector.model + ' in ' + analysis.imageVector.space
          + (analysis.imageVector.text ? ', read “' + analysis.imageVector.text.replace(/\n/g, ' / ') + '”' : '') }));
    }
    if (analysis.fused) {
      facts.append(el('li', { text: 'Fused: ' + analysis.fused.model + ', ' + analysis.fused.vector.length
          + ' dimensions' }));
    }
    if (analysis.captionScores && analysis.captionScores.length > 0) {
      const best = analysis.captionScores[0];
      facts.append(el('li', { text: 'Best caption: “' + best.caption + '” (probability '
          + (best.probability * 100).toFixed(1) + '%)' }));
    }
    if (analysis.summaryScores && analysis.summaryScores.summaries.length > 0) {
      const best = analysis.summaryScores.summaries[0];
      facts.append(el('li', { text: 'Best summary: number ' + (best.index + 1) + ', F1 ' + fixed(best.f1) }));
    }
    out.append(facts, el('p', { class: 'muted', text: 'Correlation id ' + result.correlationId }));
  });
}

// ---- wiring ---------------------------------------------------------------------------------

function wire() {
  $('file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  $('sample').addEventListener('click', sample);
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    chooseFile(e.dataTransfer.files[0]);
  });
  $('read-run').addEventListener('click', readText);
  $('encode-run').addEventListener('click', encode);
  $('captions-run').addEventListener('click', rankCaptions);
  $('summaries-run').addEventListener('click', scoreSummaries);
  $('chain-run').addEventListener('click', chain);
  updateButtons();
  health();
}

wire();
