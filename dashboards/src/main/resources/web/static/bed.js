// The intensivist's bed view: trends on one time axis with alerts marked, context, suppressions, alarm burden,
// history.
import {session, may, api, live, nav, el, button, fmt, time, drawnReported, say, serverNow} from './common.js';

const bed = decodeURIComponent(location.pathname.split('/')[2]);
const COLORS = {high: '#d7191c', medium: '#f5c400', low: '#00b5d8'};
// Which chart shows which signals, and which rules belong to it (by rule-name prefix). Each axis shows at least a
// clinically meaningful range, so that device noise is not drawn as if it were a swing.
const CHARTS = [
  {id: 'map', title: 'MAP (mmHg)', series: [['map', 'MAP']], rules: ['MAP_', 'HYPOPERFUSION', 'ARTLINE_'],
    axes: [[40, 100]]},
  {id: 'ecmo', title: 'ECMO flow (L/min) and speed (rpm)', series: [['ecmo_flow', 'Flow'], ['ecmo_speed', 'Speed', 1]],
    rules: ['ECMO_'], axes: [[0, 6], [0, 5000]]},
  {id: 'limb', title: 'Limb NIRS (%) and distal perfusion flow (mL/min)',
    series: [['nirs_left', 'NIRS left'], ['nirs_right', 'NIRS right'], ['dpc_flow', 'DPC flow', 1]],
    rules: ['LIMB_', 'DPC_', 'NIRS_'], axes: [[30, 90], [0, 300]]},
  {id: 'labs', title: 'Lactate (mmol/L) and hemoglobin (g/dL)',
    series: [['lactate', 'Lactate', 0, true], ['hemoglobin', 'Hemoglobin', 1, true]],
    rules: ['LACTATE_', 'HB_', 'TRANSFUSION_'], axes: [[0, 6], [6, 14]]},
  {id: 'urine', title: 'Urine output (mL per hour)', series: [['urine_output', 'Urine', 0, true]], rules: ['UO_'],
    axes: [[0, 120]]},
  {id: 'circuit', title: 'Circuit pressures (mmHg): venous, before and after the oxygenator',
    series: [['ecmo_p_venous', 'Venous'], ['ecmo_p_pre', 'Pre-oxygenator'], ['ecmo_p_post', 'Post-oxygenator']],
    rules: ['ECMO_SUCTION', 'OXYGENATOR_'], axes: [[-100, 300]]},
  // Three units on one time axis: plasma free Hb on the left, platelets on the right, anti-Xa on the right with its
  // labels inside the plot (a third outer axis would shift this chart's time axis off the others'). Each axis is
  // coloured like its series. Labs are sparse: drawn as points only.
  {id: 'coag', title: 'Coagulation and hemolysis: plasma free Hb (mg/dL), platelets (10⁹/L), anti-Xa (IU/mL)',
    series: [['pfhb', 'Plasma free Hb', 0, 'dots'], ['platelets', 'Platelets', 1, 'dots'],
      ['anti_xa', 'Anti-Xa', 2, 'dots']],
    rules: ['HEMOLYSIS', 'PLATELETS_', 'ANTI_XA_'], axes: [[0, 60], [0, 300], [0, 1, 'inside']],
    colors: ['#e07b39', '#9ad06b', '#b99cf0'], digits: [0, 0, 2]},
];
const CONFIG_NAMES = {va: 'peripheral VA', va_central: 'central VA', vv: 'VV'};
const STEPS = [10, 30, 60, 120, 300, 600, 1800, 3600];
const CONTEXT_FIELDS = [
  ['weight_kg', 'Weight (kg)', 'number', 0.5, 300],
  ['arterial_cannula_side', 'Arterial cannula side', ['', 'left', 'right']],
  ['ecmo_mode', 'ECMO mode', ['', 'running', 'standby', 'priming', 'weaning_trial', 'off']],
  ['crrt', 'CRRT', ['', 'true', 'false']],
  ['map_target', 'MAP target (mmHg)', 'number', 40, 100],
  ['ecmo_flow_min', 'Minimum ECMO flow (L/min)', 'number', 0, 10],
  ['nirs_baseline_left', 'NIRS baseline left (%)', 'number', 15, 95],
  ['nirs_baseline_right', 'NIRS baseline right (%)', 'number', 15, 95],
  ['ecmo_config', 'ECMO configuration', [['', '(not set: VA)'], ['va', 'VA (peripheral, femoral)'],
    ['va_central', 'VA (central)'], ['vv', 'VV']]],
  ['oxygenator_changed_at', 'Oxygenator changed at', 'datetime'],
  ['anti_xa_min', 'Anti-Xa target from (IU/mL)', 'number', 0, 3],
  ['anti_xa_max', 'Anti-Xa target to (IU/mL)', 'number', 0, 3],
];
// A date and time typed on the 24-hour clock in the browser's zone, whatever the browser's locale would show.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

let range = {hours: 1};
let shownContext = {};
const charts = new Map();
let alertsInRange = [];

function window_() {
  if (range.hours) {
    const to = serverNow();
    return {from: to - range.hours * 3600e3, to};
  }
  return {from: range.from, to: range.to};
}

function stepFor(spanMs) {
  const want = spanMs / 1000 / 400;
  return STEPS.find((s) => s >= want) || 3600;
}

function makeCharts() {
  const holder = document.getElementById('charts');
  for (const c of CHARTS) {
    const div = el('div', {class: 'chart', id: 'chart-' + c.id, 'data-chart': c.id});
    holder.append(el('h3', {}, c.title), div);
    const chart = echarts.init(div, 'dark', {renderer: 'canvas'});
    chart.group = 'bed';
    charts.set(c.id, chart);
  }
  echarts.connect('bed');
  window.addEventListener('resize', () => charts.forEach((ch) => ch.resize()));
}

async function drawCharts() {
  const {from, to} = window_();
  const step = stepFor(to - from);
  const q = (signal) => '/api/beds/' + encodeURIComponent(bed) + '/series?signal=' + signal + '&from='
    + new Date(from).toISOString() + '&to=' + new Date(to).toISOString() + '&step=' + step + 's';
  try {
    alertsInRange = (await api('GET', '/api/alerts?state=all&bed=' + encodeURIComponent(bed) + '&limit=500'))
      .filter((a) => Date.parse(a.raisedAt) <= to && (!a.clearedAt || Date.parse(a.clearedAt) >= from));
    for (const c of CHARTS) {
      const data = await Promise.all(c.series.map(([signal]) => api('GET', q(signal))));
      const mine = alertsInRange.filter((a) => c.rules.some((p) => a.rule.startsWith(p))
        || (a.signal && c.series.some(([s]) => s === a.signal)));
      charts.get(c.id).setOption(option(c, data, mine, from, to), true);
    }
    document.getElementById('charts').dataset.drawn = String(Date.now());
    say('Trends ' + new Date(from).toLocaleString() + ' – ' + new Date(to).toLocaleString() + ', '
      + step + ' s buckets');
  } catch (e) {
    say('Could not load the trends: ' + e.message, true);
  }
}

function option(c, data, alerts, from, to) {
  const series = c.series.map(([signal, name, axis, points], i) => ({
    // A lab series, or any series with few points, shows its points: a lone sample would otherwise be invisible.
    name, type: 'line', yAxisIndex: axis || 0, showSymbol: !!points || data[i].length < 60,
    symbolSize: points === 'dots' ? 8 : 6,
    connectNulls: !!points,
    lineStyle: points === 'dots' ? {width: 0} : undefined,
    color: c.colors ? c.colors[i] : undefined,
    tooltip: c.digits ? {valueFormatter: (v) => fmt(v, c.digits[i])} : undefined,
    data: data[i].map((p) => [p.t, p.mean, p.min, p.max, p.n]),
    markArea: i === 0 ? {silent: true, data: alerts.map((a) => [
      {xAxis: a.raisedAt, itemStyle: {color: COLORS[a.priority], opacity: 0.18}, name: a.rule},
      {xAxis: a.clearedAt || new Date(to).toISOString()}])} : undefined,
    markLine: i === 0 ? {symbol: 'none', silent: true, label: {formatter: '{b}', color: '#eef2f5', fontSize: 10},
      data: alerts.map((a) => ({name: a.rule, xAxis: a.raisedAt, lineStyle: {color: COLORS[a.priority]}}))}
      : undefined,
  }));
  return {
    backgroundColor: 'transparent', animation: false,
    grid: {left: 50, right: 60, top: 25, bottom: 25}, // the same on every chart, so their time axes line up
    legend: {top: 0, textStyle: {color: '#eef2f5'}},
    tooltip: {trigger: 'axis', valueFormatter: (v) => fmt(v, 1)},
    xAxis: {type: 'time', min: from, max: to},
    // Labs are sparse: an empty chart says so rather than look broken.
    graphic: data.every((d) => d.length === 0) ? [{type: 'text', left: 'center', top: 'middle',
      style: {text: 'Nothing in this span', fill: '#8a96a3', fontSize: 13}}] : [],
    yAxis: c.axes.map(([lo, hi, labels], i) => Object.assign({type: 'value', min: (v) => Math.min(v.min, lo),
      max: (v) => Math.max(v.max, hi)}, c.colors ? colouredAxis(c, i, labels) : {})),
    series,
  };
}

/** "2026-11-22 18:40": a time in the browser's zone on the 24-hour clock, whatever the browser's locale. */
function dateTime24(v) {
  const d = new Date(v);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':'
    + pad(d.getMinutes());
}

/** The context value as the form shows it: a time in the browser's zone on the 24-hour clock, '' when unset. */
function shown(ctx, field, type) {
  const v = ctx[field];
  if (v === undefined || v === null) return '';
  if (type !== 'datetime') return String(v);
  return dateTime24(v);
}

/** An axis drawn in its series' colour; only the first draws grid lines, so three scales do not make a mesh. */
function colouredAxis(c, i, labels) {
  const color = c.colors[c.series.findIndex((s) => (s[2] || 0) === i)];
  return {position: i === 0 ? 'left' : 'right', splitLine: {show: i === 0},
    axisLine: {show: true, lineStyle: {color}}, axisLabel: {color, inside: labels === 'inside'}};
}

function contextForm(ctx) {
  const form = document.getElementById('context-form');
  const editable = may('edit_context');
  shownContext = ctx;
  form.replaceChildren();
  for (const [field, label, type, min, max] of CONTEXT_FIELDS) {
    const id = 'ctx-' + field;
    const current = shown(ctx, field, type);
    let input;
    if (Array.isArray(type)) {
      input = el('select', {id, name: field, disabled: !editable}, ...type.map((o) => {
        const [v, text] = Array.isArray(o) ? o : [o, o === '' ? '(not set)' : o];
        return el('option', {value: v, selected: v === current}, text);
      }));
    } else if (type === 'datetime') {
      input = el('input', {id, name: field, type: 'text', value: current, disabled: !editable,
        placeholder: 'YYYY-MM-DD HH:MM (24 h)', title: 'date and time as YYYY-MM-DD HH:MM, 24-hour clock', pattern: '\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}',
        autocomplete: 'off', inputmode: 'numeric'});
    } else {
      input = el('input', {id, name: field, type, min, max, step: 'any', value: current, disabled: !editable});
    }
    form.append(el('label', {for: id}, label), input);
  }
  form.append(el('span', {}, ''), el('span', {class: 'status', id: 'context-in-effect'},
    'In effect: MAP target ' + fmt(ctx.map_target_in_effect, 0) + ' mmHg · '
    + (CONFIG_NAMES[ctx.ecmo_config_in_effect] || '–') + ' · anti-Xa target '
    + fmt(ctx.anti_xa_min_in_effect, 2) + '–' + fmt(ctx.anti_xa_max_in_effect, 2) + ' IU/mL'));
  if (editable) {
    form.append(el('span', {}, ''), el('button', {type: 'submit', id: 'save-context'}, 'Save context'));
  }
  document.getElementById('limb-note').hidden = !!ctx.arterial_cannula_side;
}

/** A typed 24-hour date-time in the browser's zone as an ISO instant, or null when it is not one. */
function isoFromTyped(text) {
  const m = DATETIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const date = new Date(y, mo - 1, d, h, mi);
  if (date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h) return null; // 31 Feb, 25:00
  return date.toISOString();
}

async function saveContext(e) {
  e.preventDefault();
  const body = {}; // only what the user changed, so that the audit log says what changed
  for (const [field, label, type] of CONTEXT_FIELDS) {
    const v = document.getElementById('ctx-' + field).value.trim();
    if (v === shown(shownContext, field, type)) continue;
    if (v === '') body[field] = null;
    else if (field === 'crrt') body[field] = v === 'true';
    else if (type === 'datetime') {
      body[field] = isoFromTyped(v);
      if (body[field] === null) {
        say(label + ': write the date and time as YYYY-MM-DD HH:MM on the 24-hour clock', true);
        return;
      }
    } else body[field] = Array.isArray(type) ? v : Number(v);
  }
  // The anti-Xa range is checked as a pair only when both ends come in one message (signals.md): send both.
  if ('anti_xa_min' in body || 'anti_xa_max' in body) {
    for (const field of ['anti_xa_min', 'anti_xa_max']) {
      const v = document.getElementById('ctx-' + field).value.trim();
      body[field] = v === '' ? null : Number(v);
    }
  }
  if (Object.keys(body).length === 0) {
    say('Nothing changed');
    return;
  }
  try {
    const r = await api('PUT', '/api/beds/' + encodeURIComponent(bed) + '/context', body);
    contextForm(r.context);
    say('Context saved');
  } catch (err) {
    say('Context not saved: ' + err.message, true);
  }
}

async function loadSuppressions() {
  const list = await api('GET', '/api/beds/' + encodeURIComponent(bed) + '/suppressions');
  document.getElementById('suppressions').replaceChildren(...list.map((s) => el('tr', {},
    el('td', {}, time(s.from)), el('td', {}, time(s.until)),
    el('td', {}, s.allPhysiological ? 'all physiological' : s.rules.join(', ')), el('td', {}, s.reason),
    el('td', {}, s.user),
    el('td', {}, may('suppress') ? button('End', async () => {
      await api('DELETE', '/api/beds/' + encodeURIComponent(bed) + '/suppressions/' + s.id);
      loadSuppressions();
    }, 'secondary') : ''))));
  document.getElementById('suppress-form').hidden = !may('suppress');
}

async function suppress(e) {
  e.preventDefault();
  const rules = document.getElementById('suppress-rules').value.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    await api('POST', '/api/beds/' + encodeURIComponent(bed) + '/suppressions', {
      rules, allPhysiological: rules.length === 0, minutes: Number(document.getElementById('suppress-minutes').value),
      reason: document.getElementById('suppress-reason').value});
    say('Suppression started');
    loadSuppressions();
  } catch (err) {
    say('Not suppressed: ' + err.message, true);
  }
}

/** "45 s", "3.5 min", "2.0 h"; '–' when nothing was acknowledged. */
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 120) return Math.round(seconds) + ' s';
  if (seconds < 7200) return fmt(seconds / 60, 1) + ' min';
  return fmt(seconds / 3600, 1) + ' h';
}

/** "5.5 h (0.23 bed-days)" below two days, "3.4 bed-days" above. */
function monitoredText(bedDays) {
  const hours = bedDays * 24;
  return hours < 48 ? fmt(hours, 1) + '\u00a0h (' + fmt(bedDays, 2) + ' bed-days)' : fmt(bedDays, 1) + ' bed-days';
}

/**
 * The bed's alarm burden over the last 7 days of the server's clock (GET /api/alerts/stats?bed=): notified alerts
 * (suppressed ones are not) per bed-day of monitored time, in all against the goal and per rule.
 */
async function loadBurden() {
  const total = document.getElementById('burden-total');
  let s;
  try {
    s = await api('GET', '/api/alerts/stats?bed=' + encodeURIComponent(bed));
  } catch (e) {
    total.className = 'burden-total status error';
    total.textContent = 'Alarm burden not available: ' + e.message;
    return;
  }
  const goal = s.goalNotifiedPerBedDay;
  const goalText = 'fewer than ' + fmt(goal, 0) + ' per bed-day';
  total.className = 'burden-total';
  if (s.notifiedPerBedDay === null) {
    total.replaceChildren('Not monitored in the last 7 days: no alerts per bed-day (goal: ' + goalText + ')');
  } else {
    const met = s.notifiedPerBedDay < goal;
    total.replaceChildren(el('span', {class: 'burden-number'}, fmt(s.notifiedPerBedDay, 1)),
      ' notified alerts per bed-day ',
      el('span', {class: 'burden-goal ' + (met ? 'met' : 'over')}, (met ? 'goal met: ' : 'goal not met: ') + goalText));
  }
  total.dataset.perBedDay = s.notifiedPerBedDay === null ? '' : String(s.notifiedPerBedDay);
  document.getElementById('burden-period').replaceChildren('Last 7 days (' + dateTime24(s.from) + ' – '
    + dateTime24(s.to) + '): ' + s.raised + ' notified ' + (s.raised === 1 ? 'alert' : 'alerts') + ' in '
    + monitoredText(s.bedDays) + ' of monitoring.', ...(s.bedDays > 0 && s.bedDays < 1
    ? [el('br', {}), 'Under a day monitored: the rate is extrapolated to 24\u00a0h.'] : []));
  const rules = Object.entries(s.byRule).sort((a, b) => b[1].raised - a[1].raised || a[0].localeCompare(b[0]));
  document.getElementById('burden').replaceChildren(...(rules.length === 0
    ? [el('tr', {}, el('td', {colSpan: 6, class: 'empty-row'}, 'No notified alert in this period'))]
    : rules.map(([rule, f]) => el('tr', {'data-rule': rule}, el('td', {}, rule),
      el('td', {class: 'num'}, f.raised), el('td', {class: 'num'}, fmt(f.notifiedPerBedDay, 1)),
      el('td', {class: 'num'}, f.acknowledged), el('td', {class: 'num'}, duration(f.medianSecondsToAcknowledge)),
      el('td', {class: 'num'}, Math.round(f.shareClearedByItselfWithin2Min * 100) + ' %')))));
}

let burdenPending = null;

/** Reloads the alarm burden a few seconds after an alert event, once for a burst of them. */
function burdenSoon() {
  if (burdenPending !== null) return;
  burdenPending = setTimeout(() => { burdenPending = null; loadBurden(); }, 3000);
}

async function loadHistory() {
  const list = await api('GET', '/api/alerts?state=all&bed=' + encodeURIComponent(bed) + '&limit=200');
  // A lab or backlog alert was raised when its result came in, about data observed earlier: say both.
  const raised = (a) => a.observedAt
    ? el('td', {}, time(a.raisedAt), el('span', {class: 'observed'}, drawnReported(a.observedAt, a.raisedAt)))
    : el('td', {}, time(a.raisedAt));
  document.getElementById('history').replaceChildren(...list.map((a) => el('tr', {'data-alert-id': a.id},
    raised(a), el('td', {}, el('span', {class: 'pill ' + a.priority}, a.priority)),
    el('td', {}, a.rule + (a.kind === 'technical' ? ' (technical)' : '')), el('td', {}, a.message),
    el('td', {}, a.state),
    el('td', {}, a.acknowledgedBy ? a.acknowledgedBy + ', ' + time(a.acknowledgedAt)
      + (a.comment ? ': “' + a.comment + '”' : '') : '–'),
    el('td', {}, time(a.clearedAt)))));
}

async function loadBed() {
  try {
    const b = await api('GET', '/api/beds/' + encodeURIComponent(bed));
    contextForm(b.context);
  } catch (e) {
    contextForm({});
    say(e.message, true);
  }
}

function selectRange(button_) {
  document.querySelectorAll('#ranges button[data-hours]').forEach((b) => b.classList.toggle('active', b === button_));
}

async function main() {
  await session();
  nav('');
  document.getElementById('bed-title').textContent = 'Bed ' + bed;
  document.title = 'Bed ' + bed + ' · ECMO monitor';
  makeCharts();
  document.querySelectorAll('#ranges button[data-hours]').forEach((b) => b.addEventListener('click', () => {
    range = {hours: Number(b.dataset.hours)};
    selectRange(b);
    drawCharts();
  }));
  document.getElementById('custom').addEventListener('click', () => {
    const from = Date.parse(document.getElementById('from').value);
    const to = Date.parse(document.getElementById('to').value);
    if (!(from < to)) { say('Choose a start before the end', true); return; }
    range = {from, to};
    selectRange(null);
    drawCharts();
  });
  selectRange(document.querySelector('#ranges button[data-hours="1"]'));
  document.getElementById('context-form').addEventListener('submit', saveContext);
  document.getElementById('suppress-form').addEventListener('submit', suppress);
  await Promise.all([loadBed(), loadSuppressions(), loadHistory(), loadBurden(), drawCharts()]);
  live((m) => {
    if (m.bed !== bed) return;
    if (m.type === 'alert') { loadHistory(); drawCharts(); burdenSoon(); }
  }, () => { loadBed(); loadHistory(); loadBurden(); drawCharts(); });
  setInterval(() => { if (range.hours) drawCharts(); }, 30000);
  setInterval(loadBurden, 60000); // the monitored time grows with the clock
}

main();
