// Hot spots: located cases counted on ~500 m hexagons, drawn over the county's township
// boundaries (no online map tiles), per period and category; tap a cell (or pick it from the list
// below the map) to see its cases.
import { useEffect, useMemo, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import { shanghaiDate, type HotspotCasesResponse, type HotspotsResponse, type StaffDirectory } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { analyticsText as t } from '@/locales/zh-CN.analytics';
import { Choices } from '../../../staff/components/Choices';
import { useRequireStaff } from '../../../staff/lib/session';
import { pressable } from '../../../staff/lib/keyboard';
import { CaseRows } from '../../components/CaseRows';
import { Chart } from '../../components/Chart';
import { analyticsApi, daysBefore, directoryApi } from '../../lib/api';
import { echarts, type ChartClick, type ChartOption } from '../../lib/echarts';
import '../../../staff/staff.css';
import '../../analytics.css';

const TOWNSHIPS_MAP = 'hotline-townships';
const TOP_CELLS = 10;

export default function HotspotsPage() {
  const user = useRequireStaff();
  const today = shanghaiDate(new Date());
  const [from, setFrom] = useState(daysBefore(today, 29));
  const [to, setTo] = useState(today);
  const [categoryCode, setCategory] = useState('');
  const [directory, setDirectory] = useState<StaffDirectory | null>(null);
  const [data, setData] = useState<HotspotsResponse | null>(null);
  const [picked, setPicked] = useState<HotspotCasesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(nextCategory = categoryCode) {
    try {
      const grid = await analyticsApi.hotspots({ from, to, categoryCode: nextCategory || undefined });
      // The county's own outlines are the map: registered once per answer, drawn under the cells.
      echarts.registerMap(TOWNSHIPS_MAP, {
        type: 'FeatureCollection',
        features: grid.townships.map((tw) => ({ type: 'Feature', properties: { name: tw.name }, geometry: tw.geometry })),
      } as never);
      setData(grid);
      setPicked(null);
      setError(null);
    } catch (e) {
      setData(null);
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  async function pick(cell: string) {
    try {
      setPicked(await analyticsApi.hotspotCases(cell, { from, to, categoryCode: categoryCode || undefined }));
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  useEffect(() => {
    if (!user) return;
    void load();
    void directoryApi.directory().then(setDirectory, () => {});
  }, [user]);

  const option = useMemo<ChartOption | null>(() => (data ? mapOption(data) : null), [data]);
  if (!user) return null;

  const categories = [
    { value: '', label: t.all },
    ...(directory?.categories ?? []).filter((c) => c.parentCode === null).map((c) => ({ value: c.code, label: c.name })),
  ];
  const top = data ? [...data.cells].sort((a, b) => b.cases - a.cases).slice(0, TOP_CELLS) : [];
  const total = data?.cells.reduce((n, c) => n + c.cases, 0) ?? 0;

  return (
    <View className="page staff analytics" {...roleProps('main')}>
      <View className="card staff-period">
        <Text className="staff-label">{t.from}</Text>
        <Input className="staff-input" value={from} ariaLabel={t.from} onInput={(e) => setFrom(e.detail.value)} />
        <Text className="staff-label">{t.to}</Text>
        <Input className="staff-input" value={to} ariaLabel={t.to} onInput={(e) => setTo(e.detail.value)} />
        <Text className="staff-label">{t.hotspots.category}</Text>
        <Choices
          label={t.hotspots.category}
          options={categories}
          value={categoryCode}
          onChange={(value) => {
            setCategory(value);
            void load(value);
          }}
        />
        <Button type="primary" onClick={() => void load()}>
          {t.load}
        </Button>
      </View>
      {error && <Text className="staff-error">{error}</Text>}
      {data && option && (
        <View className="card analytics-chart analytics-map" data-cells={data.cells.length} data-cases={total}>
          <Chart
            id="hotspot-map"
            option={option}
            height={420}
            label={t.hotspots.chart(data.cells.length, total)}
            onClick={(e: ChartClick) => {
              const cell = e.componentType === 'series' ? data.cells[e.dataIndex] : undefined;
              if (cell) void pick(cell.cell);
            }}
          />
          <Text className="muted">{data.cells.length ? t.hotspots.pick : t.hotspots.empty}</Text>
        </View>
      )}
      {top.length > 0 && (
        <View className="card" {...roleProps('region')} ariaLabel={t.hotspots.top}>
          <Text className="staff-label">{t.hotspots.top}</Text>
          <View {...roleProps('list')}>
            {top.map((c, i) => (
              <View
                key={c.cell}
                className={`analytics-cell${picked?.cell === c.cell ? ' analytics-cell--on' : ''}`}
                data-cell={c.cell}
                {...roleProps('listitem')}
                onClick={() => void pick(c.cell)}
                {...pressable(() => void pick(c.cell))}
              >
                <Text>{t.hotspots.cell(i + 1)}</Text>
                <Text>
                  {c.cases}
                  {t.hotspots.cases}
                </Text>
              </View>
            ))}
          </View>
        </View>
      )}
      {picked && (
        <View className="card analytics-cases" data-cell={picked.cell} {...roleProps('region')} ariaLabel={t.hotspots.cellCases(picked.items.length)}>
          <Text className="staff-label">{t.hotspots.cellCases(picked.items.length)}</Text>
          <CaseRows items={picked.items} />
        </View>
      )}
    </View>
  );
}

/** The townships as the base map, each cell a hexagon coloured by its count (legend in numbers, not colour alone). */
function mapOption(data: HotspotsResponse): ChartOption {
  const max = Math.max(1, ...data.cells.map((c) => c.cases));
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'item', formatter: (p: { value?: unknown }) => `${Array.isArray(p.value) ? p.value[0] : ''}${t.hotspots.cases}` },
    geo: {
      map: TOWNSHIPS_MAP,
      roam: true,
      silent: true,
      label: { show: true, color: '#344054', fontSize: 11 },
      itemStyle: { areaColor: '#f2f4f7', borderColor: '#667085', borderWidth: 1 },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      dimension: 0,
      text: [String(max), '0'],
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#fde68a', '#f97316', '#b91c1c'] },
    },
    series: [
      {
        type: 'custom',
        coordinateSystem: 'geo',
        geoIndex: 0,
        data: data.cells.map((c) => [c.cases, c.cell]),
        renderItem: (params: { dataIndex: number }, api: { coord(p: number[]): number[]; visual(k: string): unknown }) => {
          const cell = data.cells[params.dataIndex];
          if (!cell) return null;
          return {
            type: 'polygon',
            shape: { points: cell.boundary.map((p) => api.coord(p)) },
            style: { fill: api.visual('color') as string, stroke: '#7c2d12', lineWidth: 1, opacity: 0.85 },
          };
        },
      },
    ],
  };
}
