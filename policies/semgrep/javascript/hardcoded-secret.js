const Stripe = require('stripe');

// ruleid: js-hardcoded-secret
const STRIPE_SECRET_KEY = 'sk_live_51HxQ2aLkT9pZ3bR7';

// ruleid: js-hardcoded-secret
let apiKey = "AIzaSyD4-9fX2kQpL0aZ8bW3";

const config = {
  host: 'db.internal',
  // ruleid: js-hardcoded-secret
  password: 'Pr0d#Passw0rd!',
  // ruleid: js-hardcoded-secret
  clientSecret: "9f8e7d6c5b4a3f2e1d0c",
};

class GithubClient {
  // ruleid: js-hardcoded-secret
  token = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
}

function setup(opts) {
  // ruleid: js-hardcoded-secret
  opts.accessKey = "AKIAIOSFODNN7EXAMPLE2";
}

// ok: js-hardcoded-secret
const apiKeyFromEnv = process.env.API_KEY;

// ok: js-hardcoded-secret
const token = process.env.TOKEN || '';

// ok: js-hardcoded-secret
const password = '';

// ok: js-hardcoded-secret
const dbPassword = 'changeme';

// ok: js-hardcoded-secret
const ACCESS_TOKEN = 'access_token';

// ok: js-hardcoded-secret
const API_KEY_HEADER_NAME = 'x-api-key';

const form = {
  // ok: js-hardcoded-secret
  password: '<your-password>',
  // ok: js-hardcoded-secret
  token: '${TOKEN}',
};

// ok: js-hardcoded-secret
const tokenType = 'Bearer abc123';

function connectMongo(mongoose) {
  // ruleid: js-hardcoded-secret
  return mongoose.connect('mongodb://admin:S3cr3tPass@db.internal:27017/shop');
}

function connectMongoEnv(mongoose) {
  // ok: js-hardcoded-secret
  return mongoose.connect(`mongodb://${process.env.DB_USER}:${process.env.DB_PASS}@db.internal:27017/shop`);
}

function issueToken(jwt, user) {
  // ruleid: js-hardcoded-secret
  return jwt.sign({ sub: user.id }, 'my-jwt-signing-key', { expiresIn: '1h' });
}

function issueTokenEnv(jwt, user) {
  // ok: js-hardcoded-secret
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
}

function isAdminLogin(username, password) {
  // ruleid: js-hardcoded-secret
  return username === 'admin' && password === 'admin123';
}

function hasPassword(user) {
  // ok: js-hardcoded-secret
  return user.password !== undefined && user.passwordHash !== '';
}

// an event namespace, not a key (bootstrap.js)
// ok: js-hardcoded-secret
const DATA_API_KEY = ".data-api";
