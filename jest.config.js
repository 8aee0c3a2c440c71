// Every project's tests in one run (npm test); two run on their own afterwards, one test at a time:
// the end-to-end project (e2e/jest.config.js: RabbitMQ nodes of its own and five processes per test)
// and the demo's (tools/demo/jest.config.js: the whole pipeline, and the console in Chromium, whose
// "case and charger within 2 s of the click" is a latency measured in the browser, which means
// nothing on cores that the CPU-heavy detector specs of the other worker are saturating).
const RUN_ON_THEIR_OWN = new Set(['tools/demo']);
const fs = require('node:fs');
const path = require('node:path');

const projects = [];
for (const group of ['libs', 'apps', 'tools']) {
  for (const entry of fs.readdirSync(path.join(__dirname, group))) {
    const config = path.join(__dirname, group, entry, 'jest.config.js');
    if (fs.existsSync(config) && !RUN_ON_THEIR_OWN.has(`${group}/${entry}`)) projects.push(config);
  }
}
// testTimeout is global in a run of several projects (each project's own is ignored): 30 s for every
// test without its own. A test's timeout detects a hang, never a speed (speeds are benchmarks'), and
// jest's 5 s default failed tests that merely shared the 2 cores with a CPU-heavy neighbour.
module.exports = { projects, testTimeout: 30_000 };
