const crypto = require('crypto');

function encryptLegacy(key, iv, data) {
  // ruleid: js-broken-crypto
  const c = crypto.createCipheriv('des-ede3-cbc', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function encryptEcb(key, data) {
  // ruleid: js-broken-crypto
  const c = crypto.createCipheriv('aes-128-ecb', key, null);
  return c.update(data, 'utf8', 'hex') + c.final('hex');
}

function rc4(key) {
  // ruleid: js-broken-crypto
  return crypto.createCipheriv('rc4', key, '');
}

function noIv(secret, data) {
  // ruleid: js-broken-crypto
  const c = crypto.createCipher('aes-256-cbc', secret);
  return c.update(data, 'utf8', 'hex') + c.final('hex');
}

function makeToken(userId) {
  // ruleid: js-broken-crypto
  const token = crypto.createHash('md5').update(userId + Date.now()).digest('hex');
  return token;
}

function signPayload(payload, signingSecret) {
  // ruleid: js-broken-crypto
  return crypto.createHash('sha1').update(payload + signingSecret).digest('hex');
}

function goodCipher(key, data) {
  const iv = crypto.randomBytes(12);
  // ok: js-broken-crypto
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

function etag(body) {
  // ok: js-broken-crypto
  return crypto.createHash('md5').update(body).digest('hex');
}

function hashPasswordLegacy(password) {
  // the password case belongs to js-weak-password-hash, not reported twice
  // ok: js-broken-crypto
  const token = crypto.createHash('md5').update(password).digest('hex');
  return token;
}

function goodToken() {
  // ok: js-broken-crypto
  const token = crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex');
  return token;
}

function encryptStaticIv(crypto, key, text) {
  // ruleid: js-broken-crypto
  const c = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));
  return c.update(text, 'utf8', 'hex') + c.final('hex');
}

function encryptConstIv(crypto, key, text) {
  const iv = Buffer.from('1234567890abcdef');
  // ruleid: js-broken-crypto
  const c = crypto.createCipheriv('aes-256-cbc', key, iv);
  return c.update(text, 'utf8', 'hex') + c.final('hex');
}

function weakRsa(crypto) {
  // ruleid: js-broken-crypto
  return crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
}

function strongRsa(crypto) {
  // ok: js-broken-crypto
  return crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
}

function encryptRandomIv(crypto, key, text) {
  const iv = crypto.randomBytes(12);
  // ok: js-broken-crypto
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  return [iv, c.update(text), c.final(), c.getAuthTag()];
}
