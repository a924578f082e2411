const crypto = require('crypto');

function createSession(user) {
  // ruleid: js-weak-randomness
  const sessionId = Math.random().toString(36).slice(2);
  return { user, sessionId };
}

function generatePassword(length) {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) {
    // ruleid: js-weak-randomness
    out += chars[Math.floor(Math.random() * chars.length)];
  }
  return out;
}

// ruleid: js-weak-randomness
const makeResetToken = () => Math.random().toString(36).substring(2, 15);

function sendOtp(user) {
  // ruleid: js-weak-randomness
  const otp = Math.floor(100000 + Math.random() * 900000);
  return sms(user.phone, otp);
}

const invite = {
  // ruleid: js-weak-randomness
  apiKey: Math.random().toString(16).slice(2),
  createdAt: Date.now(),
};

function createSessionSafe(user) {
  // ok: js-weak-randomness
  const sessionId = crypto.randomBytes(32).toString('hex');
  return { user, sessionId };
}

function sendOtpSafe(user) {
  // ok: js-weak-randomness
  const otp = crypto.randomInt(100000, 1000000);
  return sms(user.phone, otp);
}

function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    // ok: js-weak-randomness
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function newElementId() {
  // ok: js-weak-randomness
  const id = 'el-' + Math.random().toString(36).slice(2);
  return id;
}

function jitter(delay) {
  // ok: js-weak-randomness
  return delay + Math.random() * 100;
}

function keyframes() {
  // ok: js-weak-randomness
  const monkey = Math.random();
  return monkey;
}
