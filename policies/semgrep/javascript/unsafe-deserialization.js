const serialize = require('node-serialize');
const yaml = require('js-yaml');
const fs = require('fs');

function restoreSession(req) {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ruleid: js-unsafe-deserialization
  return serialize.unserialize(raw);
}

function restoreInline(body) {
  // ruleid: js-unsafe-deserialization
  return require('node-serialize').unserialize(body);
}

function loadConfig(path) {
  const text = fs.readFileSync(path, 'utf8');
  // ruleid: js-unsafe-deserialization
  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
}

function loadMany(text) {
  // ruleid: js-unsafe-deserialization
  return yaml.loadAll(text, { filename: 'x.yml', schema: yaml.DEFAULT_FULL_SCHEMA });
}

function loadJsTypes(text) {
  // ruleid: js-unsafe-deserialization
  return yaml.load(text, { schema: yaml.DEFAULT_SCHEMA.extend(require('js-yaml-js-types').all) });
}

function safeYaml(text) {
  // ok: js-unsafe-deserialization
  return yaml.load(text);
}

function safeYamlSchema(text) {
  // ok: js-unsafe-deserialization
  return yaml.load(text, { schema: yaml.JSON_SCHEMA });
}

function safeJson(raw) {
  // ok: js-unsafe-deserialization
  return JSON.parse(raw);
}

function roundTrip(obj) {
  // ok: js-unsafe-deserialization
  return serialize.serialize(obj);
}
