async function loadUser(id) {
  const res = await fetch(`/api/users/${id}`);
  // ruleid: js-fetch-status-unchecked
  const user = await res.json();
  return user;
}

async function loadText(url) {
  const r = await fetch(url, { headers: { Accept: 'text/plain' } });
  console.log('fetched', url);
  // ruleid: js-fetch-status-unchecked
  return r.text();
}

function loadList() {
  // ruleid: js-fetch-status-unchecked
  return fetch('/api/items').then((r) => r.json());
}

async function oneLiner(url) {
  // ruleid: js-fetch-status-unchecked
  return (await fetch(url)).json();
}

async function checked(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  // ok: js-fetch-status-unchecked
  return res.json();
}

async function checkedStatus(url) {
  const res = await fetch(url);
  if (res.status !== 200) {
    throw new Error('unexpected status ' + res.status);
  }
  // ok: js-fetch-status-unchecked
  const data = await res.json();
  return data;
}

async function checkedInside(url) {
  const res = await fetch(url);
  if (res.ok) {
    // ok: js-fetch-status-unchecked
    return res.json();
  }
  return null;
}

async function helperChecked(url) {
  const res = await fetch(url);
  ensureOk(res);
  // ok: js-fetch-status-unchecked
  return res.blob();
}

function thenChecked(url) {
  // ok: js-fetch-status-unchecked
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(r.statusText);
    return r.json();
  });
}

async function ternary(url) {
  const res = await fetch(url);
  // ok: js-fetch-status-unchecked
  return res.ok ? res.json() : null;
}

async function madeUpReader(id) {
  const res = await fetch(`/api/users/${id}`);
  // ruleid: js-fetch-status-unchecked
  const user = await res.data();
  return user;
}

async function cloneOnly(url) {
  const res = await fetch(url);
  // ok: js-fetch-status-unchecked
  const copy = res.clone();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return [copy, await res.json()];
}
