// Sign-in: posts the credentials as JSON, then goes where the user was sent from (only to a page of ours).
import {say} from './common.js';

function next() {
  const n = new URLSearchParams(location.search).get('next');
  return n && n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('Signing in…');
  const r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    credentials: 'same-origin', body: JSON.stringify({user: document.getElementById('user').value.trim(),
      password: document.getElementById('password').value})});
  if (r.ok) {
    location.assign(next());
    return;
  }
  const body = await r.json().catch(() => ({}));
  say(body.error || ('HTTP ' + r.status), true);
  document.getElementById('password').value = '';
});
