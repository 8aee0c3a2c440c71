import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export interface Series {
  label: string;
  values: (number | null)[];
}

/** A uPlot time-series chart: x is epoch seconds, one line per series; redraws in place as data grows. */
export function TimeChart(props: { title: string; unit: string; times: number[]; series: Series[] }) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = props.series.map((s) => s.label).join('|');

  useEffect(() => {
    if (!holder.current) return undefined;
    const options: uPlot.Options = {
      width: Math.max(300, holder.current.clientWidth),
      height: 200,
      series: [{}, ...props.series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true }))],
      axes: [{}, { label: props.unit, size: 60 }],
      scales: { x: { time: true } },
      legend: { live: false },
    };
    plot.current = new uPlot(options, [props.times, ...props.series.map((s) => s.values)] as uPlot.AlignedData, holder.current);
    const resize = () => holder.current && plot.current?.setSize({ width: Math.max(300, holder.current.clientWidth), height: 200 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; new points go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData([props.times, ...props.series.map((s) => s.values)] as uPlot.AlignedData);
  }, [props.times, props.series]);

  return (
    <figure className="chart" aria-label={props.title}>
      <figcaption>{props.title}</figcaption>
      <div ref={holder} />
    </figure>
  );
}
