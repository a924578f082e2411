const libxmljs = require('libxmljs');
const xml2js = require('xml2js');
const express = require('express');
const app = express();

app.post('/import', (req, res) => {
  // ruleid: js-xxe
  const doc = libxmljs.parseXml(req.body.xml, { noent: true, noblanks: true });
  res.json({ root: doc.root().name() });
});

function parseConfig(text) {
  // ruleid: js-xxe
  return libxmljs.parseXmlString(text, { dtdload: true });
}

app.post('/import-safe', (req, res) => {
  // ok: js-xxe
  const doc = libxmljs.parseXml(req.body.xml, { noblanks: true });
  res.json({ root: doc.root().name() });
});

app.post('/import-xml2js', async (req, res) => {
  // ok: js-xxe
  const obj = await xml2js.parseStringPromise(req.body.xml);
  res.json(obj);
});

app.post('/import-noent-off', (req, res) => {
  // ok: js-xxe
  const doc = libxmljs.parseXml(req.body.xml, { noent: false });
  res.json({ root: doc.root().name() });
});
