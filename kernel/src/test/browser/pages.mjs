// Opens each HTML page in headless Chromium, takes a full-page screenshot and prints, as JSON, what
// a reader would notice: console errors, page errors, and every picture with its rendered size and
// whether it drew anything (an image decoded; an inline SVG with elements, not a cleaned-out shell).
// usage: node pages.mjs SCREENSHOT_DIR page.html...
import { launch } from './chromium.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [shots, ...pages] = process.argv.slice(2);
const browser = await launch();
const report = [];
try {
  for (const file of pages) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = [];
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const pictures = await page.evaluate(() => [
      ...[...document.images].map(i => ({ kind: 'img', complete: i.complete, width: i.naturalWidth, height: i.naturalHeight })),
      ...[...document.querySelectorAll('.output_area svg, .jp-OutputArea svg, .output svg')]
        .filter(s => !s.parentElement.closest('svg'))
        .map(s => { const r = s.getBoundingClientRect(); return { kind: 'svg', complete: s.childElementCount > 0, width: Math.round(r.width), height: Math.round(r.height) }; }),
    ]);
    const screenshot = path.join(shots, path.basename(file, '.html') + '.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    report.push({ page: path.basename(file), errors, pictures, screenshot });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
