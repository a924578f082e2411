const ldap = require('ldapjs');
const express = require('express');
const app = express();
const client = ldap.createClient({ url: 'ldaps://ldap.example.com' });

app.post('/login', (req, res) => {
  const opts = { filter: '(&(uid=' + req.body.username + ')(objectClass=person))', scope: 'sub' };
  // ruleid: js-ldap-injection
  client.search('ou=users,dc=example,dc=com', opts, (err, result) => res.sendStatus(200));
});

app.get('/people', (req, res) => {
  // ruleid: js-ldap-injection
  ldapClient.search('dc=example,dc=com', { filter: `(cn=${req.query.name})`, scope: 'sub' }, () => res.end());
});

app.get('/people-safe', (req, res) => {
  const filter = new ldap.EqualityFilter({ attribute: 'cn', value: req.query.name });
  // ok: js-ldap-injection
  ldapClient.search('dc=example,dc=com', { filter, scope: 'sub' }, () => res.end());
});

app.get('/people-escaped', (req, res) => {
  // ok: js-ldap-injection
  ldapClient.search('dc=example,dc=com', { filter: ldapEscape.filter`(cn=${req.query.name})` }, () => res.end());
});

app.get('/products', async (req, res) => {
  // ok: js-ldap-injection
  const hits = await searchIndex.search(req.query.q, { filter: 'in_stock = true' });
  res.json(hits);
});
