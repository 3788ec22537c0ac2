// A first, plain portal: sign in, apply for one need, follow it. The full portal (NL Design System) follows.
const texts = {
  en: {
    title: 'One application for what your child needs', intro: 'Apply at once for a school trip, sports club, swimming lessons, a laptop or a birthday box. We send each request to the fund that fits.',
    signin: 'Sign in (development)', name: 'Your name', login: 'Sign in as parent', apply: 'New application', municipality: 'Municipality',
    income: 'Net income per month (euro, without allowances)', child: "Child's first name", birth: "Child's date of birth", need: 'What is needed?',
    amount: 'Amount (euro)', email: 'E-mail address', consent: 'I agree that my income is checked and that each fund gets what it needs.',
    submit: 'Send application', mine: 'My applications', inbox: 'Messages',
  },
};
let lang = localStorage.getItem('lang') || 'nl';
const dutch = {};
document.querySelectorAll('[data-t]').forEach((el) => (dutch[el.dataset.t] = el.textContent));
function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = (lang === 'en' ? texts.en : dutch)[el.dataset.t]));
  document.getElementById('lang').textContent = lang === 'en' ? 'Nederlands' : 'English';
}
document.getElementById('lang').onclick = () => { lang = lang === 'en' ? 'nl' : 'en'; localStorage.setItem('lang', lang); applyLanguage(); refresh(); };
applyLanguage();

let token = sessionStorage.getItem('token');
async function api(method, path, body) {
  const res = await fetch('/api/v1' + path, {
    method, headers: { 'Content-Type': 'application/json', 'Accept-Language': lang, ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
const euroToCents = (v) => Math.round(Number(String(v).replace(',', '.')) * 100);

document.getElementById('login').onclick = async () => {
  const r = await api('POST', '/auth/dev-login', { role: 'parent', subject: document.getElementById('subject').value });
  if (r.status === 200) { token = r.body.accessToken; sessionStorage.setItem('token', token); show(); }
};

document.getElementById('form').onsubmit = async (event) => {
  event.preventDefault();
  const v = (id) => document.getElementById(id).value;
  const category = v('category');
  const item = { childRef: 'c1', category, amountCents: euroToCents(v('amount')) };
  if (category !== 'birthday-box') item.provider = { name: 'School of club', iban: 'NL91ABNA0417164300' };
  const r = await api('POST', '/applications', {
    municipalityCode: v('municipality'), postcode: v('postcode'),
    household: { composition: 'single-parent', netMonthlyIncomeCents: euroToCents(v('income')), circumstances: [] },
    children: [{ ref: 'c1', firstName: v('child'), birthDate: v('birth') }], items: [item],
    contact: { email: v('email'), language: lang }, consent: { incomeCheck: document.getElementById('consent').checked, shareWithFunds: document.getElementById('consent').checked },
  });
  const errors = document.getElementById('errors');
  errors.textContent = '';
  if (r.status === 202) { setTimeout(refresh, 1500); return refresh(); }
  for (const e of (r.body && r.body.errors) || []) { const p = document.createElement('p'); p.textContent = e.pointer + ': ' + e.detail; errors.append(p); }
};

async function refresh() {
  if (!token) return;
  const list = await api('GET', '/applications');
  const box = document.getElementById('applications');
  box.replaceChildren();
  for (const a of (list.body && list.body.items) || []) {
    for (const i of a.items) {
      const div = document.createElement('div'); div.className = 'item';
      div.textContent = `${i.category}: ${i.status}${i.fundName ? ' – ' + i.fundName : ''}`;
      box.append(div);
    }
  }
  const inbox = await api('GET', '/me/notifications');
  const ul = document.getElementById('inbox');
  ul.replaceChildren();
  for (const m of (inbox.body && inbox.body.items) || []) { const li = document.createElement('li'); li.textContent = m.title; ul.append(li); }
}
function show() {
  document.getElementById('signin').hidden = true;
  document.getElementById('apply').hidden = false;
  document.getElementById('mine').hidden = false;
  refresh();
}
if (token) show();
