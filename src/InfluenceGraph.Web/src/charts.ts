// Apache ECharts, tree-shaken to what the app draws: line and bar charts and a heat-map, on canvas.
// Tooltips are built as DOM elements with text nodes (formatter returns an element), never HTML strings.
import * as echarts from "echarts/core";
import { LineChart, BarChart, HeatmapChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, TitleComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Draws `option` in `el` and keeps it sized to its box; disposed when `signal` aborts. */
export function chart(el: HTMLElement, option: ChartOption, signal: AbortSignal): echarts.ECharts {
  el.classList.add("chart");
  const c = echarts.init(el, undefined, { renderer: "canvas" });
  c.setOption({ animation: false, textStyle: { fontFamily: "system-ui, sans-serif" }, ...option });
  const ro = new ResizeObserver(() => c.resize());
  ro.observe(el);
  signal.addEventListener("abort", () => { ro.disconnect(); c.dispose(); }, { once: true });
  return c;
}

/** A tooltip body made of text lines (safe for untrusted names). */
export function tip(...lines: string[]): HTMLElement {
  const d = document.createElement("div");
  for (const [i, l] of lines.entries()) {
    const line = document.createElement(i === 0 ? "strong" : "div");
    line.textContent = l;
    d.append(line);
  }
  return d;
}
