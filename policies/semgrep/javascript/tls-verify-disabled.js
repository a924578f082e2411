const https = require('https');
const tls = require('tls');
const axios = require('axios');

// ruleid: js-tls-verify-disabled
const agent = new https.Agent({ rejectUnauthorized: false });

function insecureGet(url) {
  return https.get(url, {
    timeout: 5000,
    // ruleid: js-tls-verify-disabled
    rejectUnauthorized: false,
  });
}

// ruleid: js-tls-verify-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

function connect(host) {
  const opts = { host, port: 443 };
  // ruleid: js-tls-verify-disabled
  opts.rejectUnauthorized = false;
  return tls.connect(opts);
}

// ok: js-tls-verify-disabled
const strictAgent = new https.Agent({ rejectUnauthorized: true });

// ok: js-tls-verify-disabled
const caAgent = new https.Agent({ ca: fs.readFileSync('ca.pem') });

// ok: js-tls-verify-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';

// ok: js-tls-verify-disabled
const client = axios.create({ httpsAgent: strictAgent });

function agentOptions(options, strictSSL) {
  // ok: js-tls-verify-disabled
  options.rejectUnauthorized = strictSSL !== false;
  return options;
}
