// Opens a notebook in a running classic notebook server, runs all cells as a reader would, and prints,
// as JSON, how the run ended: cells run, error outputs, every output image with its decoded size.
// It screenshots the first chart and the whole page.
// usage: node notebook.mjs URL SCREENSHOT_DIR TIMEOUT_SECONDS
import { launch } from './chromium.mjs';
import path from 'node:path';

const [url, shots, timeoutSeconds] = process.argv.slice(2);
const timeout = Number(timeoutSeconds) * 1000;
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded && Jupyter.notebook.kernel?.is_connected(),
    null, { timeout, polling: 100 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  // A code cell shows [*] while queued or running, and its execution count once done.
  await page.waitForFunction(() => Jupyter.notebook.get_cells()
      .filter(c => c.cell_type === 'code' && c.get_text().trim() !== '')
      .every(c => typeof c.input_prompt_number === 'number'),
    null, { timeout, polling: 250 });
  const report = await page.evaluate(() => ({
    kernel: Jupyter.notebook.kernel.name,
    cellsRun: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && typeof c.input_prompt_number === 'number').length,
    errors: [...document.querySelectorAll('.output_error')].map(e => e.innerText.slice(0, 500)),
    images: [...document.querySelectorAll('.output_area img')].map(i => ({ width: i.naturalWidth, height: i.naturalHeight })),
    htmlOutputs: document.querySelectorAll('.output_html').length,
  }));
  const chart = page.locator('.output_png img').first();
  await chart.scrollIntoViewIfNeeded();
  report.chartScreenshot = path.join(shots, 'classic-notebook-chart.png');
  await chart.screenshot({ path: report.chartScreenshot });
  report.pageScreenshot = path.join(shots, 'classic-notebook.png');
  await page.screenshot({ path: report.pageScreenshot, fullPage: true });
  report.consoleErrors = consoleErrors;
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
