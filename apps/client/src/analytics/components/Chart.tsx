// One ECharts chart on both targets. H5: an SVG chart in the page's own element. Mini-program:
// the Canvas 2D node handed to ECharts as its canvas, with the touches passed on to its event
// handler — what ECharts' own mini-program component (echarts-for-weixin's ec-canvas) does.
import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import { echarts, type ChartClick, type ChartOption } from '../lib/echarts';
import { isH5 } from '@/platform/env';

interface ChartProps {
  id: string;
  option: ChartOption;
  /** Height in px (the width is the page's). */
  height: number;
  /** What the chart shows, for screen readers. */
  label: string;
  onClick?(event: ChartClick): void;
}

type Chart = ReturnType<typeof echarts.init>;

export function Chart({ id, option, height, label, onClick }: ChartProps) {
  const chart = useRef<Chart | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    let disposed = false;
    const start = (instance: Chart) => {
      if (disposed) {
        instance.dispose();
        return;
      }
      chart.current = instance;
      instance.on('click', (e) => clickRef.current?.(e as unknown as ChartClick));
      instance.setOption(optionRef.current, true);
    };
    if (isH5()) {
      const mount = () => {
        const el = document.getElementById(id);
        if (!el) return void setTimeout(mount, 50);
        start(echarts.init(el, undefined, { renderer: 'svg', height }));
      };
      mount();
      const resize = () => chart.current?.resize();
      window.addEventListener('resize', resize);
      return () => {
        disposed = true;
        window.removeEventListener('resize', resize);
        chart.current?.dispose();
        chart.current = null;
      };
    }
    void canvasNode(id).then((found) => {
      if (!found || disposed) return;
      start(initOnCanvas(found.node, found.width, found.height));
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
  }, [id, height]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  if (isH5()) {
    return <View id={id} className="chart" style={{ height: `${height}px` }} ariaLabel={label} />;
  }
  const touch = (type: 'mousedown' | 'mousemove' | 'mouseup') => (e: CanvasTouchEvent) => {
    const t = (type === 'mouseup' ? e.changedTouches : e.touches)?.[0];
    const handler = chart.current?.getZr().handler;
    if (!t || !handler) return;
    const event = { zrX: t.x, zrY: t.y, preventDefault() {}, stopImmediatePropagation() {}, stopPropagation() {} };
    handler.dispatch(type, event);
    if (type === 'mouseup') handler.dispatch('click', event);
  };
  return (
    <View ariaLabel={label}>
      <Canvas
        id={id}
        type="2d"
        className="chart"
        style={{ width: '100%', height: `${height}px` }}
        onTouchStart={touch('mousedown') as never}
        onTouchMove={touch('mousemove') as never}
        onTouchEnd={touch('mouseup') as never}
      />
    </View>
  );
}

interface CanvasTouchEvent {
  touches?: Array<{ x: number; y: number }>;
  changedTouches?: Array<{ x: number; y: number }>;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): CanvasRenderingContext2D;
}

/** The page's Canvas 2D node, once the page has laid it out (a few tries: the first render may not be there yet). */
function canvasNode(id: string): Promise<{ node: CanvasNode; width: number; height: number } | null> {
  return new Promise((resolve) => {
    let tries = 0;
    const query = () =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: CanvasNode; width: number; height: number } | null>) => {
          const found = res?.[0];
          if (found?.node) resolve({ node: found.node, width: found.width, height: found.height });
          else if (++tries < 10) setTimeout(query, 100);
          else resolve(null);
        });
    Taro.nextTick(query);
  });
}

function initOnCanvas(node: CanvasNode, width: number, height: number): Chart {
  const ctx = node.getContext('2d');
  const dpr = Taro.getWindowInfo?.().pixelRatio ?? 2;
  // ECharts measures text on a canvas it creates; the mini-program has no document to make one.
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => {
      ctx.font = font ?? '12px sans-serif';
      return ctx.measureText(text);
    },
  });
  // ECharts draws into an object that behaves like a <canvas>: the node's size and its context.
  const host = {
    getContext: (type: string) => (type === '2d' ? ctx : null),
    get width() {
      return node.width;
    },
    set width(w: number) {
      node.width = w;
    },
    get height() {
      return node.height;
    },
    set height(h: number) {
      node.height = h;
    },
    addEventListener() {},
    removeEventListener() {},
    attachEvent() {},
    detachEvent() {},
    // ECharts' aria option labels its dom (role="img", aria-label); a canvas node has no attributes,
    // and the screen reader reads the label of the View around the canvas instead.
    setAttribute() {},
    removeAttribute() {},
    getAttribute: () => null,
    style: {},
  };
  return echarts.init(host as unknown as HTMLElement, undefined, { width, height, devicePixelRatio: dpr });
}
