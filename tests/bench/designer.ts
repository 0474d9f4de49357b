import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Figure, figure, log, median, percentile } from './measure.ts';
import { serveStatic } from './static-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NODES = 1000;

// Frame-rate cap lifted so a frame's time is its real cost, not the 60 Hz vsync interval.
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-frame-rate-limit',
  '--disable-gpu-vsync',
];

interface PageFigures {
  firstRenderMs: number;
  p95FrameMs: number;
  medianFrameMs: number;
  /** Step cards in the DOM when the pan started. */
  nodesInDom: number;
}

/**
 * Loads a page until its node count settles, then pans the canvas for 180 frames. With `fit`, the view is
 * first zoomed out to show the whole flow (React Flow's fit-view control), as the baseline page opens.
 */
async function measure(page: Page, url: string, fit = false): Promise<PageFigures> {
  await page.goto(url);
  // First render: when the rendered node count stops changing. The designer draws only the steps in
  // view on large canvases, so the count settles below 1,000 there; the baseline draws every node.
  const firstRenderMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let count = 0;
        let changedAt = performance.now();
        const poll = () => {
          const now = document.querySelectorAll('.react-flow__node').length;
          if (now !== count) {
            count = now;
            changedAt = performance.now();
          }
          if (count > 0 && performance.now() - changedAt > 1000) resolve(changedAt);
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
  );
  if (fit) {
    await page.click('.react-flow__controls-fitview');
    await page.waitForTimeout(1000);
  }
  await page.waitForTimeout(300);
  const nodesInDom = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
  const frames = await page.evaluate(async () => {
    const pane = document.querySelector('.react-flow__pane') as HTMLElement;
    const box = pane.getBoundingClientRect();
    let x = box.left + box.width / 2;
    let y = box.top + box.height / 2;
    const opts = (cx: number, cy: number) => ({
      bubbles: true,
      cancelable: true,
      clientX: cx,
      clientY: cy,
      button: 0,
      view: window,
    });
    pane.dispatchEvent(new MouseEvent('mousedown', opts(x, y)));
    const deltas: number[] = [];
    await new Promise<void>((done) => {
      let last = performance.now();
      let i = 0;
      const frame = (t: number) => {
        deltas.push(t - last);
        last = t;
        x += i < 90 ? 6 : -6;
        y += i < 90 ? 3 : -3;
        window.dispatchEvent(new MouseEvent('mousemove', opts(x, y)));
        if (++i < 180) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame(frame);
    });
    window.dispatchEvent(new MouseEvent('mouseup', opts(x, y)));
    return deltas.slice(2);
  });
  return { firstRenderMs, p95FrameMs: percentile(frames, 95), medianFrameMs: median(frames), nodesInDom };
}

async function repeat(browser: Browser, url: string, reps: number, fit = false): Promise<PageFigures> {
  const runs: PageFigures[] = [];
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with a helper the page does not have.
    await context.addInitScript({ content: 'window.__name = (f) => f' });
    runs.push(await measure(await context.newPage(), url, fit));
    await context.close();
  }
  return {
    firstRenderMs: median(runs.map((r) => r.firstRenderMs)),
    p95FrameMs: median(runs.map((r) => r.p95FrameMs)),
    medianFrameMs: median(runs.map((r) => r.medianFrameMs)),
    nodesInDom: median(runs.map((r) => r.nodesInDom)),
  };
}

/** A pan's p95 frame time beside the baseline's, with the target both views are held to. */
function panFigure(view: string, ours: PageFigures, base: PageFigures, baseCards = ''): Figure {
  return figure({
    suite: 'Designer',
    name: `${view}: p95 frame time while panning`,
    value: ours.p95FrameMs,
    unit: 'ms',
    baseline: { name: `React Flow, ${NODES} default nodes, fitted`, value: base.p95FrameMs },
    higherIsBetter: false,
    target: {
      text: '< 16.7 ms and ≤ 1.5× baseline',
      met: ours.p95FrameMs < 16.7 && ours.p95FrameMs <= 1.5 * base.p95FrameMs,
    },
    note: `median frame ${ours.medianFrameMs.toFixed(1)} ms vs ${base.medianFrameMs.toFixed(1)} ms; ${ours.nodesInDom} step cards in the DOM${baseCards}`,
  });
}

/** Time to first render and panning frame time of a 1,000-node flow, designer vs plain React Flow. */
export async function designerSuite(): Promise<Figure[]> {
  if (!existsSync('/usr/bin/chromium'))
    throw new Error('the designer benchmark needs Chromium at /usr/bin/chromium');
  execFileSync('pnpm', ['--filter', '@tandem/designer', 'build'], { cwd: root, stdio: 'ignore' });
  execFileSync('npx', ['vite', 'build', '--config', 'bench/baseline/vite.config.ts'], {
    cwd: `${root}/tests`,
    stdio: 'ignore',
  });
  const designer = await serveStatic(`${root}/designer/dist`);
  const baseline = await serveStatic(`${root}/tests/bench/baseline/dist`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  try {
    const reps = 5;
    const ours = await repeat(browser, `${designer.url}/?generate=${NODES}`, reps);
    // The baseline opens fitted to all its nodes; the designer opens at the entry, at a readable zoom. The
    // like-for-like figure zooms the designer out to the whole flow first.
    const oursFit = await repeat(browser, `${designer.url}/?generate=${NODES}`, reps, true);
    const base = await repeat(browser, `${baseline.url}/?nodes=${NODES}`, reps);
    log(
      `designer: first render ${ours.firstRenderMs.toFixed(0)} ms, pan p95 ${ours.p95FrameMs.toFixed(1)} ms`,
    );
    log(`designer zoomed out to fit: pan p95 ${oursFit.p95FrameMs.toFixed(1)} ms`);
    log(
      `baseline: first render ${base.firstRenderMs.toFixed(0)} ms, pan p95 ${base.p95FrameMs.toFixed(1)} ms`,
    );
    return [
      figure({
        suite: 'Designer',
        name: `${NODES}-node flow: time to first render`,
        value: ours.firstRenderMs,
        unit: 'ms',
        baseline: { name: `React Flow, ${NODES} default nodes`, value: base.firstRenderMs },
        higherIsBetter: false,
      }),
      panFigure(
        `${NODES}-node flow zoomed out to fit, as the baseline opens`,
        oursFit,
        base,
        ` vs ${base.nodesInDom} nodes`,
      ),
      panFigure(`${NODES}-node flow as the designer opens it (the entry in view, readable zoom)`, ours, base),
    ];
  } finally {
    await browser.close();
    await designer.close();
    await baseline.close();
  }
}
