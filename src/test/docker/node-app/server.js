'use strict';
// Slimline test service. GET / answers {"status":"success","info":"yes!!!","service":"node"};
// tests compare that body byte for byte, before and after slimming.
const express = require('express');

const PORT = 8000;
const app = express();

app.get('/', (req, res) => {
  res.json({ status: 'success', info: 'yes!!!', service: 'node' });
});

const server = app.listen(PORT, () => {
  console.log(`node-app listening on ${PORT}`);
});

// As PID 1, node gets no default action for SIGTERM; stop promptly so `docker stop` and the
// sensor's shutdown need not wait for the kill.
const shutdown = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
