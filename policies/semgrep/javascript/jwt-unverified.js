const jwt = require('jsonwebtoken');

function currentUser(req) {
  const token = req.headers.authorization.split(' ')[1];
  // ruleid: js-jwt-unverified
  const claims = jwt.decode(token);
  return claims.sub;
}

function isAdmin(token) {
  // ruleid: js-jwt-unverified
  return jwt.decode(token, { complete: true }).payload.role === 'admin';
}

function lenient(token, key) {
  // ruleid: js-jwt-unverified
  return jwt.verify(token, key, { algorithms: ['HS256', 'none'] });
}

function unsigned(payload) {
  // ruleid: js-jwt-unverified
  return jwt.sign(payload, '', { algorithm: 'none' });
}

function strict(token) {
  // ok: js-jwt-unverified
  return jwt.verify(token, process.env.JWT_PUBLIC_KEY, { algorithms: ['RS256'] });
}

function issue(payload) {
  // ok: js-jwt-unverified
  return jwt.sign(payload, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

function decodeUrl(s) {
  // ok: js-jwt-unverified
  return decodeURIComponent(s);
}

function b64(buf) {
  // ok: js-jwt-unverified
  return Buffer.from(buf).toString('base64');
}
