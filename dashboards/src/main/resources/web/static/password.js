// Changing one's own password; the only page open to a user who signed in with a generated password (the first
// admin's, from data/initial-admin-password), which the server deletes once the change is made.
import {say} from './common.js';

let csrf = '';

async function load() {
  const r = await fetch('/api/session', {credentials: 'same-origin'});
  if (r.status === 401) {
    location.assign('/login?next=' + encodeURIComponent('/password'));
    return;
  }
  const s = await r.json();
  csrf = s.csrf;
  document.getElementById('why').textContent = s.passwordChangeRequired
    ? 'You signed in as ' + s.user + ' with a generated password. Choose your own before using the monitor.'
    : 'Signed in as ' + s.user + '.';
}

document.getElementById('password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const fresh = document.getElementById('new').value;
  if (fresh !== document.getElementById('again').value) {
    say('The two new passwords differ.', true);
    return;
  }
  say('Changing…');
  const r = await fetch('/api/password', {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
    body: JSON.stringify({current: document.getElementById('current').value, new: fresh})});
  if (r.ok) {
    // the server checks "next" at sign-in; here only a path of ours is followed, else the board
    const n = new URLSearchParams(location.search).get('next');
    location.assign(n && /^\/(?![\/\\])[^\\\s]*$/.test(n) ? n : '/');
    return;
  }
  const body = await r.json().catch(() => ({}));
  say(body.error || ('HTTP ' + r.status), true);
});

load();
