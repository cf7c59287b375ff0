// One freePort for scripts (ESM), tests and benchmarks (TypeScript through Jest or @swc-node):
// CommonJS because Jest cannot load an .mjs file without its experimental ESM mode.
'use strict';

const net = require('node:net');

/** A TCP port on 127.0.0.1 that is free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
