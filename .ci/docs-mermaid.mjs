// Renders the Mermaid blocks that .ci/docs-mermaid extracted, with the Mermaid CLI's own renderer, all in one browser.
// Argument: the directory with index.tsv (id <tab> file:line), one <id>.mmd per block and puppeteer.json (launch
// options). Prints file:line and Mermaid's message for each block that does not render; exits 1 if any.
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer';
import { renderMermaid } from '@mermaid-js/mermaid-cli';

const dir = process.argv[2];
const blocks = readFileSync(`${dir}/index.tsv`, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t'));
const browser = await puppeteer.launch(JSON.parse(readFileSync(`${dir}/puppeteer.json`, 'utf8')));
const failures = [];
// Mermaid's own console output (warnings of the page) would bury the result: only failures are printed.
console.warn = () => {};
try {
  for (const [id, where] of blocks) {
    const definition = readFileSync(`${dir}/${id}.mmd`, 'utf8');
    try {
      const { data } = await renderMermaid(browser, definition, 'svg');
      const svg = new TextDecoder().decode(data);
      if (!svg.includes('<svg') || /aria-roledescription="error"|Syntax error in text/.test(svg)) {
        throw new Error('Mermaid drew its error picture instead of the diagram');
      }
    } catch (error) {
      // Mermaid's parse errors: the line, the place, then a long list of what was expected; the first three are enough.
      const lines = String(error?.message ?? error).split('\n').filter((line) => line.trim()).slice(0, 3);
      const message = lines.join(' | ').slice(0, 240);
      failures.push(`${where}: this Mermaid block does not render: ${message}`);
    }
  }
} finally {
  await browser.close();
}
for (const failure of failures) {
  console.log(failure);
}
console.log(`docs-mermaid: ${blocks.length - failures.length} of ${blocks.length} Mermaid blocks render`);
process.exit(failures.length ? 1 : 0);
