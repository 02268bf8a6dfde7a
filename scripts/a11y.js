// Runs axe-core in headless Chromium on pages of a served site; see a11y.sh.
const { chromium } = require('playwright-core');
const fs = require('fs');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const base = process.argv[2];
  const paths = process.argv.slice(3);
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const p of paths) {
      await page.goto(base + p, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const r = await page.evaluate(async () => await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      console.log(`${width}px ${p}: ${r.violations.length} violations, horizontal overflow ${overflow}px`);
      for (const v of r.violations) console.log(`  - ${v.id} (${v.impact}): ${v.help} [${v.nodes.length}] e.g. ${v.nodes[0].target.join(' ')}`);
    }
    await page.close();
  }
  await browser.close();
})();
