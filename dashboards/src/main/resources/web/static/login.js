// Sign-in: posts the credentials as JSON, then goes where the user was sent from. The server decides where that
// may be (only a path of ours: "next" is checked there, issue 14); a user who signed in with a generated password
// is sent to choose their own first.
import {say} from './common.js';

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('Signing in…');
  const next = new URLSearchParams(location.search).get('next');
  const r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    credentials: 'same-origin', body: JSON.stringify({user: document.getElementById('user').value.trim(),
      password: document.getElementById('password').value, next: next === null ? undefined : next})});
  if (r.ok) {
    const s = await r.json();
    const target = typeof s.next === 'string' && s.next.startsWith('/') ? s.next : '/';
    location.assign(s.passwordChangeRequired ? '/password?next=' + encodeURIComponent(target) : target);
    return;
  }
  const body = await r.json().catch(() => ({}));
  say(body.error || ('HTTP ' + r.status), true);
  document.getElementById('password').value = '';
});
