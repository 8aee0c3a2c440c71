// Every project's tests in one run (npm test); the end-to-end project runs on its own afterwards
// (e2e/jest.config.js, --runInBand): its tests start RabbitMQ nodes of their own and five processes each.
const fs = require('node:fs');
const path = require('node:path');

const projects = [];
for (const group of ['libs', 'apps', 'tools']) {
  for (const entry of fs.readdirSync(path.join(__dirname, group))) {
    const config = path.join(__dirname, group, entry, 'jest.config.js');
    if (fs.existsSync(config)) projects.push(config);
  }
}
module.exports = { projects };
