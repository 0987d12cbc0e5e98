// The biomedical engineer's feed console: status, rates, rejections with raw examples, and the feed's settings.
import {session, may, api, live, nav, el, time, clockOffsetText, say} from './common.js';

// Past this offset either way the device's clock is off: DEVICE_CLOCK is raised when it stays so (alert-rules.md).
const CLOCK_OFF_MILLIS = 5000;

let feeds = [];
let selected = null;

function row(f) {
  const rejected = Object.entries(f.rejected).map(([r, n]) => r + ' ' + n).join(', ');
  const tr = el('tr', {'data-device': f.device, class: f.device === selected ? 'selected' : ''},
    el('td', {}, el('a', {href: '#' + f.device}, f.device)),
    el('td', {}, el('span', {class: 'pill ' + f.status}, f.status.replace('_', ' '))),
    el('td', {}, (f.lastBed || '–') + (f.bedMismatch ? ' (expected ' + f.expectedBed + ')' : '')),
    el('td', {}, time(f.lastSeen)),
    clock(f.clockOffsetMillis),
    el('td', {}, f.messagesPerMinute), el('td', {}, f.samplesPerMinute),
    el('td', {class: 'rejected'}, rejected || '0'),
    el('td', {class: 'duplicates'}, f.duplicates),
    el('td', {}, f.signalsSeen.join(', ') + (f.missingSignals.length ? ' · missing ' + f.missingSignals.join(', ') : '')));
  tr.querySelector('a').addEventListener('click', (e) => { e.preventDefault(); select(f.device); });
  return tr;
}

function clock(offset) {
  const off = offset !== null && offset !== undefined && Math.abs(offset) > CLOCK_OFF_MILLIS;
  return el('td', {class: 'clock' + (off ? ' clock-off' : ''), 'data-offset-ms': offset === null ? null : offset,
    title: offset === null || offset === undefined ? 'no estimate of this device\'s clock yet'
      : 'receipt time − device time = ' + offset + ' ms'}, clockOffsetText(offset));
}

function render() {
  document.getElementById('feeds').replaceChildren(...feeds.map(row));
  if (selected) detail(feeds.find((f) => f.device === selected));
}

function detail(f) {
  const card = document.getElementById('feed-detail');
  card.hidden = false;
  document.getElementById('detail-title').textContent = f ? 'Feed ' + f.device : 'New feed';
  const letters = document.getElementById('dead-letters');
  letters.replaceChildren(...(f ? f.deadLetters : []).map((d) => el('div', {class: 'dead-letter'},
    el('p', {}, time(d.at) + ' · ' + d.topic + ' · ' + d.rejections.map((r) => r.reason + ': ' + r.detail).join('; ')),
    el('pre', {class: 'raw'}, d.raw === null ? '(' + d.size + ' bytes, too large to keep)' : d.raw))));
  if (f && f.deadLetters.length) letters.prepend(el('h3', {}, 'Latest rejected messages'));
}

function fillForm(f) {
  document.getElementById('f-device').value = f ? f.device : '';
  document.getElementById('f-device').readOnly = !!f;
  document.getElementById('f-bed').value = f && f.expectedBed ? f.expectedBed : '';
  document.getElementById('f-aliases').value = f ? Object.entries(f.aliases).map(([a, s]) => a + ' = ' + s).join('\n') : '';
  document.getElementById('f-expected').value = f ? f.expectedSignals.join(', ') : '';
  document.getElementById('f-password').value = '';
  document.getElementById('f-remove').checked = false;
  document.getElementById('feed-form').querySelectorAll('input, textarea, button')
    .forEach((x) => { x.disabled = !may('edit_feeds'); });
}

function select(device) {
  selected = device;
  const f = feeds.find((x) => x.device === device);
  detail(f);
  fillForm(f);
}

function parseAliases(text) {
  const out = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf('=');
    if (i < 1) throw new Error('alias line "' + line + '" must be NAME = signal');
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

async function save(e) {
  e.preventDefault();
  const device = document.getElementById('f-device').value.trim();
  try {
    const body = {
      expectedBed: document.getElementById('f-bed').value.trim() || null,
      aliases: parseAliases(document.getElementById('f-aliases').value),
      expectedSignals: document.getElementById('f-expected').value.split(',').map((s) => s.trim()).filter(Boolean),
    };
    const pw = document.getElementById('f-password').value;
    if (pw) body.password = pw;
    if (document.getElementById('f-remove').checked) body.removePassword = true;
    await api('PUT', '/api/feeds/' + encodeURIComponent(device), body);
    say('Feed ' + device + ' saved; it applies to the next message');
    selected = device;
    await reload();
    fillForm(feeds.find((x) => x.device === device));
  } catch (err) {
    say('Feed not saved: ' + err.message, true);
  }
}

async function reload() {
  try {
    feeds = await api('GET', '/api/feeds');
    render();
  } catch (e) {
    say('Could not load the feeds: ' + e.message, true);
  }
}

async function main() {
  await session();
  nav('/feeds');
  document.getElementById('feed-form').addEventListener('submit', save);
  document.getElementById('new-feed').hidden = !may('edit_feeds');
  document.getElementById('new-feed').addEventListener('click', () => { selected = null; detail(null); fillForm(null); });
  await reload();
  if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)));
  live(() => {}, reload);
  setInterval(reload, 5000);
}

main();
