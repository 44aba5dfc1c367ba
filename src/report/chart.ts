import { createCanvas, GlobalFonts, type Canvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { fileURLToPath } from 'node:url';

/**
 * Charts as PNG bytes: chart.js drawn on @napi-rs/canvas (see ../shared/DEPENDENCIES.md), with
 * the DejaVu Sans font shipped in `fonts/` registered so text renders the same on a machine with
 * no fonts at all. No animation, no responsiveness, device pixel ratio 1: the same config gives
 * the same bytes on every run.
 */
export const CHART_FONT = 'DejaVu Sans';

let ready = false;
function setUp(): void {
  if (ready) return;
  const font = fileURLToPath(new URL('../../fonts/DejaVuSans.ttf', import.meta.url));
  if (GlobalFonts.registerFromPath(font, CHART_FONT) === null) throw new Error(`cannot load the chart font ${font}`);
  Chart.register(...registerables);
  Chart.defaults.font.family = CHART_FONT;
  Chart.defaults.color = '#222';
  ready = true;
}

/** Paints the canvas white before the chart (PNG transparency reads as black in some viewers). */
const whiteBackground: Plugin = {
  id: 'drainsim-white-background',
  beforeDraw: (chart) => {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Draws the chart on a new canvas and hands the canvas to `use` before the chart is destroyed (which clears it). */
function drawn<T>(config: ChartConfiguration, width: number, height: number, use: (canvas: Canvas) => T): T {
  setUp();
  const canvas = createCanvas(width, height);
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), whiteBackground],
  } as ChartConfiguration);
  try {
    return use(canvas);
  } finally {
    chart.destroy();
  }
}

/** Render one chart.js configuration to a PNG of `width` x `height` pixels. */
export function renderChart(config: ChartConfiguration, width = 900, height = 450): Buffer {
  return drawn(config, width, height, (canvas) => canvas.toBuffer('image/png'));
}

/** One panel of a figure of several charts: its configuration and height. */
export interface Panel {
  config: ChartConfiguration;
  height: number;
}

/**
 * Several charts in one PNG (small multiples, or a whole view above a zoomed one): panels fill
 * `columns` columns of `width / columns` pixels, row by row, each row as tall as its tallest
 * panel. Deterministic like renderChart.
 */
export function renderPanels(panels: readonly Panel[], width = 900, columns = 1): Buffer {
  const cell = Math.floor(width / columns);
  const rows = Array.from({ length: Math.ceil(panels.length / columns) }, (_, r) => panels.slice(r * columns, (r + 1) * columns));
  const heights = rows.map((row) => Math.max(...row.map((p) => p.height)));
  const canvas = createCanvas(width, heights.reduce((a, b) => a + b, 0));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = 0;
  rows.forEach((row, r) => {
    row.forEach((panel, c) => drawn(panel.config, cell, panel.height, (drawing) => ctx.drawImage(drawing, c * cell, y)));
    y += heights[r];
  });
  return canvas.toBuffer('image/png');
}
