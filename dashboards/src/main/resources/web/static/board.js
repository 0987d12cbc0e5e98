// The nurse's alert board: one tile per bed, its key values and its open alerts, live.
import {session, may, api, live, nav, el, button, age, fmt, hhmm, say, serverNow} from './common.js';

// Stale limits from signals.md: a value older than this is shown greyed, as not current.
const STALE_SECONDS = {map: 30, sbp: 30, dbp: 30, ecmo_flow: 10, ecmo_speed: 10, ecmo_p_venous: 30, dpc_flow: 30,
  ecmo_p_pre: 30, ecmo_p_post: 30, spo2_right_hand: 30, nirs_left: 60, nirs_right: 60};

const CONFIG_NAMES = {va: 'VA', va_central: 'central VA', vv: 'VV'};

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

function isStale(v, signal) {
  return !!(v && STALE_SECONDS[signal] && (serverNow() - Date.parse(v.t)) / 1000 > STALE_SECONDS[signal]);
}

function value(bed, signal, digits, unit, label) {
  const v = bed.values[signal];
  const stale = isStale(v, signal);
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

// Shown only for a bed that sends it: not every bed has a right-hand probe, and none on VV needs one.
function spo2RightHand(bed) {
  return bed.values.spo2_right_hand ? value(bed, 'spo2_right_hand', 0, '%', 'SpO2 R hand') : null;
}

// The oxygenator's pressure drop, pre minus post (alert-rules.md OXYGENATOR_DP_HIGH), when the bed sends both. It
// is as old as the older of the two, and an artifact when either is.
function oxygenatorDeltaP(bed) {
  const pre = bed.values.ecmo_p_pre;
  const post = bed.values.ecmo_p_post;
  if (!pre || !post) return null;
  const older = Date.parse(pre.t) <= Date.parse(post.t) ? pre : post;
  const stale = isStale(pre, 'ecmo_p_pre') || isStale(post, 'ecmo_p_post');
  const artifact = pre.artifact || post.artifact;
  const cls = ['value', artifact ? 'artifact' : '', stale ? 'stale' : ''].join(' ');
  const note = artifact ? 'artifact' : stale ? 'old ' + age(older.t) : '';
  return el('div', {class: cls, 'data-signal': 'oxygenator_dp',
    title: 'pre ' + fmt(pre.value, 0) + ' − post ' + fmt(post.value, 0) + ' mmHg'},
    el('span', {class: 'label'}, 'Oxy ΔP'),
    el('span', {class: 'number'}, fmt(pre.value - post.value, 0)),
    el('span', {class: 'unit'}, 'mmHg'),
    note ? el('span', {class: 'note'}, note) : null);
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
  const mode = (bed.context.ecmo_mode ? bed.context.ecmo_mode.replace('_', ' ') : 'mode unknown')
    + (bed.context.ecmo_config ? ' · ' + CONFIG_NAMES[bed.context.ecmo_config] : '');
  return el('section', {class: cls, 'data-bed': bed.bed, 'aria-label': 'bed ' + bed.bed},
    el('header', {},
      el('a', {href: '/beds/' + encodeURIComponent(bed.bed), class: 'bed-name'}, bed.bed),
      el('span', {class: 'mode'}, mode + (bed.context.crrt ? ' · CRRT' : ''))),
    el('div', {class: 'values'},
      value(bed, 'map', 0, 'mmHg', 'MAP'),
      value(bed, 'ecmo_flow', 1, 'L/min', 'Flow'),
      value(bed, 'ecmo_speed', 0, 'rpm', 'Speed'),
      oxygenatorDeltaP(bed),
      labValue(bed, 'lactate', 1, 'mmol/L', 'Lactate'),
      labValue(bed, 'urine_output', 0, 'mL/h', 'Urine'),
      nirs(bed, 'left'),
      nirs(bed, 'right'),
      spo2RightHand(bed)),
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
