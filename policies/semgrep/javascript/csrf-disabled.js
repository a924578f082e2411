const csurf = require('csurf');
const lusca = require('lusca');
const express = require('express');
const app = express();

// ruleid: js-csrf-disabled
app.use(csurf({ cookie: true, ignoreMethods: ['GET', 'HEAD', 'OPTIONS', 'POST'] }));

// ruleid: js-csrf-disabled
app.use(lusca({ csrf: false, xframe: 'SAMEORIGIN' }));

// ok: js-csrf-disabled
app.use(csurf({ cookie: true }));

// ok: js-csrf-disabled
app.use(csurf({ cookie: true, ignoreMethods: ['GET', 'HEAD', 'OPTIONS'] }));

// ok: js-csrf-disabled
app.use(lusca({ csrf: true, xframe: 'SAMEORIGIN' }));
