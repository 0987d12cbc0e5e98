// Accounts (create, change role, reset password, disable) and the audit log, for admins.
import {session, may, api, live, nav, el, button, time, say} from './common.js';

async function change(name, body, what) {
  try {
    await api('PUT', '/api/accounts/' + encodeURIComponent(name), body);
    say(name + ': ' + what);
  } catch (e) {
    say(name + ' not changed: ' + e.message, true);
  }
  reload();
}

function accountRow(a) {
  const role = el('select', {}, ...['nurse', 'intensivist', 'biomed', 'admin']
    .map((r) => el('option', {value: r, selected: r === a.role}, r)));
  role.addEventListener('change', () => change(a.name, {role: role.value}, 'role ' + role.value));
  return el('tr', {'data-account': a.name}, el('td', {}, a.name), el('td', {}, role),
    el('td', {}, a.disabled ? 'disabled' : 'active'),
    el('td', {},
      button(a.disabled ? 'Enable' : 'Disable', () => change(a.name, {disabled: !a.disabled},
        a.disabled ? 'enabled' : 'disabled'), 'secondary'),
      button('Reset password', () => {
        const pw = prompt('New password for ' + a.name + ' (at least 8 characters)');
        if (pw) change(a.name, {password: pw}, 'password changed');
      }, 'secondary')));
}

async function reload() {
  try {
    const [accounts, audit] = await Promise.all([api('GET', '/api/accounts'), api('GET', '/api/audit?limit=300')]);
    document.getElementById('accounts').replaceChildren(...accounts.map(accountRow));
    document.getElementById('audit').replaceChildren(...audit.map((x) => el('tr', {},
      el('td', {}, time(x.at)), el('td', {}, x.user), el('td', {}, x.action), el('td', {}, x.target),
      el('td', {}, x.detail))));
  } catch (e) {
    say(e.message, true);
  }
}

async function main() {
  await session();
  nav('/admin');
  if (!may('administer')) {
    say('Only an admin sees accounts and the audit log.', true);
    document.querySelectorAll('section.card').forEach((s) => { s.hidden = true; });
    return;
  }
  document.getElementById('account-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/accounts', {name: document.getElementById('a-name').value.trim(),
        role: document.getElementById('a-role').value, password: document.getElementById('a-password').value});
      say('Account created');
      e.target.reset();
    } catch (err) {
      say('Account not created: ' + err.message, true);
    }
    reload();
  });
  await reload();
  live(() => {}, reload);
}

main();
