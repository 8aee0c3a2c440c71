// The console's browser tests: the all-in-one pipeline, the console and Debian's Chromium (headless).
module.exports = require('../../jest.preset.js')(__dirname, { testTimeout: 180000, testMatch: ['<rootDir>/**/*.browser.spec.ts'] });
