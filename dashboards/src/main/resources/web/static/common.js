// Shared by every page: the session, JSON calls with the CSRF token, the live feed with its lost-connection
// banner, the navigation bar, and formatting. The pages use nothing but the HTTP API (contract §3).

let current = null;

// The server's clock, which ages are measured against: it may run faster than the browser's (the demo's does),
// so its rate is estimated from successive readings.
let serverAt = null;
let browserAt = 0;
let rate = 1;

/** Records a reading of the server clock (ISO), as the session and the live feed report it. */
export function observeServerTime(iso) {
  const server = Date.parse(iso);
  const browser = Date.now();
  if (serverAt !== null && browser - browserAt >= 3000) {
    rate = Math.min(1000, Math.max(1, (server - serverAt) / (browser - browserAt)));
  }
  if (serverAt === null || browser - browserAt >= 3000) {
    serverAt = server;
    browserAt = browser;
  }
}

/** The server's time now, in epoch ms (the browser's when nothing is known yet). */
export function serverNow() {
  return serverAt === null ? Date.now() : serverAt + (Date.now() - browserAt) * rate;
}

/** The signed-in session; a stranger is sent to the sign-in page. */
export async function session() {
  const r = await fetch('/api/session', {credentials: 'same-origin'});
  if (r.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname));
    throw new Error('not signed in');
  }
  if (!r.ok) throw new Error('session: HTTP ' + r.status);
  current = await r.json();
  if (current.passwordChangeRequired) {
    location.assign('/password?next=' + encodeURIComponent(location.pathname));
    throw new Error('password change required');
  }
  observeServerTime(current.now);
  return current;
}

export function may(permission) {
  return current !== null && current.permissions.includes(permission);
}

/** A JSON call; a state-changing one carries the CSRF token. Throws an Error with the server's message. */
export async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = current ? current.csrf : '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)});
  if (r.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname));
    throw new Error('signed out');
  }
  if (r.status === 204) return null;
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (r.status === 403 && data && typeof data.error === 'string' && data.error.startsWith('password change required')) {
    location.assign('/password?next=' + encodeURIComponent(location.pathname));
  }
  if (!r.ok) throw new Error((data && data.error) || ('HTTP ' + r.status));
  return data;
}

/**
 * The live feed: calls onMessage with each message; reconnects with back-off. While it is down (or the server
 * stops answering) the banner says the screen is not live, and onReconnect runs once it is back so the page can
 * reload its state.
 */
export function live(onMessage, onReconnect) {
  const banner = document.getElementById('connection-banner');
  let delay = 500;
  let socket = null;
  let wasDown = false;
  const down = (why) => {
    banner.textContent = 'Connection to the monitor lost: this screen is NOT live (' + why + '). Reconnecting…';
    banner.hidden = false;
    document.body.classList.add('offline');
    wasDown = true;
  };
  const up = () => {
    banner.hidden = true;
    document.body.classList.remove('offline');
    if (wasDown && onReconnect) onReconnect();
    wasDown = false;
  };
  const open = () => {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    socket.onopen = () => { delay = 500; up(); };
    socket.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.now) observeServerTime(m.now);
      onMessage(m);
    };
    socket.onclose = () => {
      down('live feed closed');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  };
  open();
  watchIngest(banner);
  // A pulled cable does not close a socket quickly: ask the server every 10 s, which also keeps the session.
  setInterval(async () => {
    try {
      const r = await fetch('/api/session', {credentials: 'same-origin'});
      if (r.status === 401) location.assign('/login?next=' + encodeURIComponent(location.pathname));
      else if (!r.ok) down('server answers ' + r.status);
      else {
        observeServerTime((await r.json()).now);
        if (socket && socket.readyState === WebSocket.OPEN) up();
      }
    } catch (e) {
      down('server unreachable');
    }
  }, 10000);
}

/**
 * The monitor's own health (GET /health, every 10 s): when a critical part is down (ingest refusing device data,
 * the store, a collector, the rule engine), alerts may be missing; while ingest refuses, no bed's silence is
 * reported as FEED_STALE, so this banner is what says it, once, on every page.
 */
function watchIngest(after) {
  const clip = (text, n) => text.length <= n ? text : text.slice(0, n - 1) + '…';
  let banner = document.getElementById('ingest-banner');
  if (!banner) {
    banner = el('div', {id: 'ingest-banner', class: 'banner', role: 'alert'});
    banner.hidden = true;
    after.after(banner);
  }
  const check = async () => {
    try {
      const r = await fetch('/health', {credentials: 'same-origin'});
      const body = await r.json();
      const down = (body.components || []).filter(c => c.critical && c.status === 'down');
      banner.textContent = down.length === 0 ? '' : 'Monitor problem: '
          + down.map(c => c.component + ': ' + clip(c.detail, 90)).join('; ')
          + '. Alerts on this screen may be missing; rely on the bedside devices until this clears.';
      banner.hidden = down.length === 0;
    } catch (e) {
      // an unreachable server is the connection banner's business
    }
  };
  check();
  setInterval(check, 10000);
}

/** The top bar: pages, the user, sign-out. */
export function nav(active) {
  const bar = document.getElementById('nav');
  const links = [['/', 'Board'], ['/feeds', 'Feeds']];
  if (may('administer')) links.push(['/admin', 'Admin']);
  bar.replaceChildren(
    el('span', {class: 'brand'}, 'ECMO monitor'),
    ...links.map(([href, text]) => el('a', {href, class: href === active ? 'active' : ''}, text)),
    el('span', {class: 'who'}, current.user + ' (' + current.role + ')'),
    button('Sign out', async () => {
      await api('POST', '/api/logout');
      location.assign('/login');
    }, 'secondary'));
}

/** Builds an element: el('div', {class: 'x'}, 'text', child, ...). Text is always text, never HTML. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function button(text, onClick, cls) {
  const b = el('button', {type: 'button', class: cls || ''}, text);
  b.addEventListener('click', onClick);
  return b;
}

/** "5 s", "12 min", "3 h", "2 d". */
export function age(iso) {
  const s = Math.max(0, Math.round((serverNow() - Date.parse(iso)) / 1000));
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}

export function fmt(v, digits) {
  return v === null || v === undefined ? '–' : Number(v).toFixed(digits);
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

const pad2 = (n) => String(n).padStart(2, '0');

/** "07:20": the hour and minute on the 24-hour clock, in the same zone as time(). */
export function hhmm(iso) {
  const d = new Date(iso);
  return pad2(d.getHours()) + ':' + pad2(d.getMinutes());
}

/**
 * "drawn 07:20, reported 08:05" for an alert raised by a lab result or a backlog (its observedAt, alert-rules.md
 * Time 4 and 5); "drawn 20 Nov 23:50, reported 00:35" when they fall on different days; null without observedAt.
 */
export function drawnReported(observedAt, reportedAt) {
  if (!observedAt) return null;
  const drawn = new Date(observedAt);
  const sameDay = drawn.toDateString() === new Date(reportedAt).toDateString();
  const day = sameDay ? '' : drawn.toLocaleDateString([], {day: 'numeric', month: 'short'}) + ' ';
  return 'drawn ' + day + hhmm(observedAt) + ', reported ' + hhmm(reportedAt);
}

/**
 * A device's clock offset as the feed console shows it. The offset is receipt minus the device's ts
 * (alert-rules.md Time 2): positive means the device's clock is behind the server's (or its messages lag), negative
 * that it is ahead. "in sync" within 1 s; "+8.0 s ahead", "42 s behind", "3.5 min behind"; "–" without an estimate.
 */
export function clockOffsetText(offsetMillis) {
  if (offsetMillis === null || offsetMillis === undefined) return '–';
  const s = Math.abs(offsetMillis) / 1000;
  if (s < 1) return 'in sync';
  const size = s < 10 ? s.toFixed(1) + ' s' : s < 120 ? Math.round(s) + ' s' : (s / 60).toFixed(1) + ' min';
  return offsetMillis > 0 ? size + ' behind' : '+' + size + ' ahead';
}

/** Shows a message in the page's status line (errors in red). */
export function say(text, isError) {
  const s = document.getElementById('status');
  if (!s) return;
  s.textContent = text;
  s.className = isError ? 'status error' : 'status';
}
