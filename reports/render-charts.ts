import * as echarts from 'echarts';
import { DIMENSIONS, type QualityReport } from './report-types.ts';

export interface Chart {
  id: string;
  title: string;
  /** Series names, in legend order. */
  series: string[];
  svg: string;
}

const WIDTH = 900;
const HEIGHT = 360;

type Option = echarts.EChartsOption;

/** ECharts' server-side renderer: an SVG string, no DOM, no script in the page. */
function render(option: Option, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, legend: { top: 0 }, grid: { top: 48, left: 64, right: 24, bottom: 48, containLabel: true }, tooltip: { show: false }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function scoresPerDepartment(r: QualityReport): Chart {
  const dims = DIMENSIONS.filter((d) => d !== 'coverage');
  const series = dims.map((d) => ({ name: d, type: 'bar' as const, data: r.departments.map((p) => p.scores[d]) }));
  return {
    id: 'scores-per-department',
    title: 'Score per department (pipeline)',
    series: dims,
    svg: render({ xAxis: { type: 'category', data: r.departments.map((d) => d.pipeline) }, yAxis: { type: 'value', min: 0, max: 100 }, series }),
  };
}

function quarantineReasons(r: QualityReport): Chart {
  const reasons = [...new Set(r.validity.reasons.map((x) => x.reason))].sort();
  const pipelines = [...new Set(r.validity.reasons.map((x) => x.pipeline))].sort();
  const series = reasons.map((reason) => ({
    name: reason,
    type: 'bar' as const,
    stack: 'reasons',
    data: pipelines.map((p) => r.validity.reasons.find((x) => x.pipeline === p && x.reason === reason)?.count ?? 0),
  }));
  return {
    id: 'quarantine-reasons',
    title: 'Records in quarantine by reason code',
    series: reasons,
    svg: render({ xAxis: { type: 'category', data: pipelines }, yAxis: { type: 'value' }, series }),
  };
}

function runsOverTime(r: QualityReport): Chart {
  const pipelines = [...new Set(r.volume.runs.map((x) => x.pipeline))].sort();
  const series = pipelines.map((p) => ({
    name: p,
    type: 'line' as const,
    showSymbol: true,
    data: r.volume.runs.filter((x) => x.pipeline === p).map((x) => [x.started_at, x.read]),
  }));
  return {
    id: 'runs-over-time',
    title: 'Records read per run over time',
    series: pipelines,
    svg: render({ xAxis: { type: 'time' }, yAxis: { type: 'value' }, series }),
  };
}

function coveragePerMatter(r: QualityReport): Chart {
  const names = ['materials', 'replaceable', 'waivable'] as const;
  const matters = r.coverage.matters;
  const series = names.map((n) => ({ name: n, type: 'bar' as const, data: matters.map((m) => m[n]) }));
  return {
    id: 'coverage-per-matter',
    title: '免证 coverage: materials per matter the catalogue can waive',
    series: [...names],
    svg: render(
      { xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: matters.map((m) => m.name), inverse: true }, series },
      Math.max(HEIGHT, 80 + matters.length * 36),
    ),
  };
}

export function renderCharts(r: QualityReport): Chart[] {
  return [scoresPerDepartment(r), quarantineReasons(r), runsOverTime(r), coveragePerMatter(r)];
}
