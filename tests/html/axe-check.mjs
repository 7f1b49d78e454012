// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs axe-core (WCAG 2.0 and 2.1, levels A and AA, and axe's best
// practices) on each HTML file named on the command line, in Debian's
// Chromium driven headless by playwright-core, and prints one TAP line
// per file with every violation under it: the rule, its help text and
// the elements that break it. Exit status 0 when no file has a
// violation, 1 otherwise, 2 when the browser cannot be started.
//
//   node axe-check.mjs [--chromium PATH] FILE.html…
//
// tests/html/test-html-axe.sh runs it on the reports sonde-cli exports.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let executablePath = '/usr/bin/chromium';
const files = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--chromium')
    executablePath = process.argv[++i];
  else
    files.push(process.argv[i]);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    // Playwright gives the browser a fresh --user-data-dir of its own.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
} catch (e) {
  console.log(`Bail out! Chromium (${executablePath}) did not start: ${e.message}`);
  process.exit(2);
}

let failed = 0;
console.log(`1..${files.length}`);
try {
  const page = await browser.newPage();
  for (const [index, file] of files.entries()) {
    const url = pathToFileURL(resolve(file)).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS);
    const n = results.violations.length;
    console.log(`${n === 0 ? 'ok' : 'not ok'} ${index + 1} ${file}: ${n} violation(s), ${results.passes.length} rule(s) passed`);
    if (n > 0)
      failed++;
    for (const v of results.violations) {
      console.log(`# ${v.id} (${v.impact}): ${v.help}`);
      for (const node of v.nodes.slice(0, 5))
        console.log(`#   ${node.target.join(' ')}: ${node.failureSummary.replace(/\n/g, ' ')}`);
      if (v.nodes.length > 5)
        console.log(`#   … and ${v.nodes.length - 5} more`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed === 0 ? 0 : 1);
