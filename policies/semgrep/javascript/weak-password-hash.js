const crypto = require('crypto');
const bcrypt = require('bcrypt');
const argon2 = require('argon2');

function hashPassword(password) {
  // ruleid: js-weak-password-hash
  return crypto.createHash('md5').update(password).digest('hex');
}

function register(req) {
  // ruleid: js-weak-password-hash
  const hash = crypto.createHash('sha256').update(req.body.password + SALT).digest('hex');
  return hash;
}

function legacy(user) {
  const h = crypto.createHash('sha1');
  // ruleid: js-weak-password-hash
  h.update(user.passwd);
  return h.digest('base64');
}

function checkPwd(pwd, stored) {
  // ruleid: js-weak-password-hash
  return crypto.createHash("sha512").update(salt + pwd).digest("hex") === stored;
}

async function good(password) {
  // ok: js-weak-password-hash
  return bcrypt.hash(password, 12);
}

async function goodArgon(password) {
  // ok: js-weak-password-hash
  return argon2.hash(password);
}

function goodScrypt(password, salt) {
  // ok: js-weak-password-hash
  return crypto.scryptSync(password, salt, 64);
}

function goodPbkdf2(password, salt) {
  // ok: js-weak-password-hash
  return crypto.pbkdf2Sync(password, salt, 310000, 32, 'sha256');
}

function resetTokenDigest(passwordResetToken) {
  // ok: js-weak-password-hash
  return crypto.createHash('sha256').update(passwordResetToken).digest('hex');
}

function fileChecksum(buf) {
  // ok: js-weak-password-hash
  return crypto.createHash('sha256').update(buf).digest('hex');
}
