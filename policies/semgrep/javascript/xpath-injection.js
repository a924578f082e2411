const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');
const express = require('express');
const app = express();
const doc = new DOMParser().parseFromString(xmlText, 'text/xml');

app.get('/user', (req, res) => {
  // ruleid: js-xpath-injection
  const nodes = xpath.select("//user[name/text()='" + req.query.name + "']", doc);
  res.json(nodes.length);
});

app.post('/login', (req, res) => {
  const expr = `//user[name='${req.body.user}' and pass='${req.body.pass}']`;
  // ruleid: js-xpath-injection
  const node = xpath.select1(expr, doc);
  res.json({ ok: !!node });
});

function findInPage() {
  const q = new URLSearchParams(location.search).get('q');
  // ok: js-xpath-injection
  return document.evaluate('//h1', document, null, XPathResult.ANY_TYPE, null);
}

app.get('/user-safe', (req, res) => {
  // ok: js-xpath-injection
  const nodes = xpath.parse('//user[name/text()=$name]').select({ node: doc, variables: { name: req.query.name } });
  res.json(nodes.length);
});

app.get('/by-id/:id', (req, res) => {
  const id = Number(req.params.id);
  // ok: js-xpath-injection
  const nodes = xpath.select(`//user[@id=${id}]`, doc);
  res.json(nodes.length);
});
