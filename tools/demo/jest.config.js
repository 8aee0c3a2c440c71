// The demo's tests: its ingest keys in both modes (the RabbitMQ one starts five processes), and the
// console's browser tests (the all-in-one pipeline, the console and Debian's Chromium, headless).
module.exports = require('../../jest.preset.js')(__dirname, { testTimeout: 180000 });
