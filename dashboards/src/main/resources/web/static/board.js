// The nurse's alert board: one tile per bed, its key values and its open alerts, live.
import {session, may, api, live, nav, el, button, age, fmt, hhmm, say, serverNow} from './common.js';

// Stale limits from signals.md: a value older than this is shown greyed, as not current.
const STALE_SECONDS = {map: 30, sbp: 30, dbp: 30, ecmo_flow: 10, ecmo_speed: 10, dpc_flow: 30,
  nirs_left: 60, nirs_right: 60};

const beds = new Map();
let refreshTimer = null;
// A tile is rebuilt when its bed changes; never between a finger going down on a button and coming up, or the
// acknowledgement would be lost with the replaced button.
let pressing = false;
let renderWaiting = false;
document.addEventListener('pointerdown', () => { pressing = true; });
document.addEventListener('pointerup', () => setTimeout(() => {
  pressing = false;
  if (renderWaiting) { renderWaiting = false; render(); }
}, 300));

function value(bed, signal, digits, unit, label) {
  const v = bed.values[signal];
  const stale = v && STALE_SECONDS[signal] && (serverNow() - Date.parse(v.t)) / 1000 > STALE_SECONDS[signal];
  const cls = ['value', v && v.artifact ? 'artifact' : '', stale ? 'stale' : ''].join(' ');
  const note = !v ? '' : v.artifact ? 'artifact' : stale ? 'old ' + age(v.t) : '';
  return el('div', {class: cls, 'data-signal': signal},
    el('span', {class: 'label'}, label),
    el('span', {class: 'number'}, v ? fmt(v.value, digits) : '–'),
    el('span', {class: 'unit'}, unit),
    note ? el('span', {class: 'note'}, note) : null);
}

function labValue(bed, signal, digits, unit, label) {
  const v = bed.values[signal];
  const node = value(bed, signal, digits, unit, label);
  if (v) node.append(el('span', {class: 'note age'}, age(v.t) + ' ago'));
  return node;
}

function nirs(bed, side) {
  const node = value(bed, 'nirs_' + side, 0, '%', 'NIRS ' + side[0].toUpperCase());
  if (bed.context.arterial_cannula_side === side) node.append(el('span', {class: 'note'}, 'cannulated leg'));
  return node;
}

function alertRow(a) {
  const row = el('li', {class: 'alert ' + a.priority + ' ' + a.state + ' ' + a.kind, 'data-alert-id': a.id},
    el('span', {class: 'priority'}, a.priority.toUpperCase()),
    a.kind === 'technical' ? el('span', {class: 'tech'}, 'TECHNICAL') : null,
    el('span', {class: 'message'}, a.message),
    el('span', {class: 'since'}, age(a.raisedAt)),
    a.observedAt ? el('span', {class: 'drawn'}, 'drawn ' + hhmm(a.observedAt)) : null,
    a.state === 'acknowledged' ? el('span', {class: 'acked'}, 'ack ' + a.acknowledgedBy) : null);
  if (a.state === 'active' && may('acknowledge')) {
    row.append(button('Ack', () => acknowledge(a, ''), 'ack'),
      button('Ack…', () => askComment(a), 'ack-comment secondary'));
  }
  return row;
}

function tile(bed) {
  const open = bed.alerts; // the server sends them in board order: unacknowledged, then by priority
  const top = open.find((a) => a.state === 'active');
  const cls = ['tile', top ? 'alarm-' + top.priority : open.length ? 'acknowledged' : 'quiet'].join(' ');
  const mode = bed.context.ecmo_mode ? bed.context.ecmo_mode.replace('_', ' ') : 'mode unknown';
  return el('section', {class: cls, 'data-bed': bed.bed, 'aria-label': 'bed ' + bed.bed},
    el('header', {},
      el('a', {href: '/beds/' + encodeURIComponent(bed.bed), class: 'bed-name'}, bed.bed),
      el('span', {class: 'mode'}, mode + (bed.context.crrt ? ' · CRRT' : ''))),
    el('div', {class: 'values'},
      value(bed, 'map', 0, 'mmHg', 'MAP'),
      value(bed, 'ecmo_flow', 1, 'L/min', 'Flow'),
      value(bed, 'ecmo_speed', 0, 'rpm', 'Speed'),
      labValue(bed, 'lactate', 1, 'mmol/L', 'Lactate'),
      labValue(bed, 'urine_output', 0, 'mL/h', 'Urine'),
      nirs(bed, 'left'),
      nirs(bed, 'right')),
    el('ul', {class: 'alerts'}, ...open.map(alertRow)));
}

function render() {
  if (pressing) { renderWaiting = true; return; }
  const main = document.getElementById('beds');
  if (beds.size === 0) {
    main.replaceChildren(el('p', {class: 'empty'}, 'No bed is sending data yet.'));
    return;
  }
  main.replaceChildren(...[...beds.values()].map(tile));
}

function renderBed(name) {
  if (pressing) { renderWaiting = true; return; }
  const old = document.querySelector('section.tile[data-bed="' + CSS.escape(name) + '"]');
  if (!old) { render(); return; }
  old.replaceWith(tile(beds.get(name)));
}

async function reload() {
  try {
    const list = await api('GET', '/api/beds');
    beds.clear();
    for (const b of list) beds.set(b.bed, b);
    render();
    say('Updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    say('Could not load the beds: ' + e.message, true);
  }
}

async function acknowledge(a, comment) {
  try {
    await api('POST', '/api/alerts/' + a.id + '/ack', {comment});
    say('Acknowledged: ' + a.message);
  } catch (e) {
    say('Not acknowledged: ' + e.message, true);
  }
  reload();
}

function askComment(a) {
  const dialog = document.getElementById('ack-dialog');
  document.getElementById('ack-title').textContent = 'Acknowledge ' + a.bed + ': ' + a.message;
  const input = document.getElementById('ack-comment');
  input.value = '';
  dialog.onclose = () => {
    if (dialog.returnValue === 'ok') acknowledge(a, input.value.trim());
  };
  dialog.showModal();
}

function onLive(m) {
  if (m.type === 'values') {
    const b = beds.get(m.bed) || {bed: m.bed, alerts: []};
    b.values = m.values;
    b.context = m.context;
    const isNew = !beds.has(m.bed);
    beds.set(m.bed, b);
    if (isNew) reload(); else renderBed(m.bed);
  } else if (m.type === 'alert') {
    // The event says what happened; the bed's open alerts (with their ids and states) come from the API.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(reload, 150);
  }
}

async function main() {
  await session();
  nav('/');
  await reload();
  live(onLive, reload);
  // Ages and staleness change with time even when nothing arrives.
  setInterval(render, 5000);
}

main();
