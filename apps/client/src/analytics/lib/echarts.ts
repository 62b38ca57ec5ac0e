// The parts of ECharts the analytics pages draw with (docs/decisions/0008-charts-echarts.md).
// Imported only from this subpackage, so the library ships in `analytics/` and never in the main
// package. H5 draws SVG (sharp at any zoom, readable by tests); the mini-program draws on its
// Canvas 2D node.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { isH5 } from '@/platform/env';

echarts.use([
  BarChart,
  LineChart,
  CustomChart,
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  isH5() ? SVGRenderer : CanvasRenderer,
]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
export type ChartClick = { dataIndex: number; seriesIndex?: number; componentType: string };
