import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
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

/** Render one chart.js configuration to a PNG of `width` x `height` pixels. */
export function renderChart(config: ChartConfiguration, width = 900, height = 450): Buffer {
  setUp();
  const canvas = createCanvas(width, height);
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), whiteBackground],
  } as ChartConfiguration);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
