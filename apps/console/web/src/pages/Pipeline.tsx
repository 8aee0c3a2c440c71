import { useEffect, useMemo, useState } from 'react';
import type { PipelineSample } from '../../../src/shared/api';
import { TimeChart, type Series } from '../components/TimeChart';

const KEEP = 300;

function keysOf(samples: PipelineSample[], pick: (s: PipelineSample) => Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const sample of samples) for (const key of Object.keys(pick(sample))) keys.add(key);
  return [...keys].sort();
}

/** Live figures of every stage, from the services' own /metrics, pushed by the server (server-sent events). */
export function PipelinePage() {
  const [samples, setSamples] = useState<PipelineSample[]>([]);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const source = new EventSource('/api/pipeline/stream');
    source.addEventListener('history', (event) => setSamples((JSON.parse((event as MessageEvent).data) as PipelineSample[]).slice(-KEEP)));
    source.addEventListener('sample', (event) =>
      setSamples((current) => [...current, JSON.parse((event as MessageEvent).data) as PipelineSample].slice(-KEEP)),
    );
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);

  const times = useMemo(() => samples.map((s) => s.t / 1000), [samples]);
  const charts = useMemo(() => {
    const byKey = (pick: (s: PipelineSample) => Record<string, number>): Series[] =>
      keysOf(samples, pick).map((key) => ({ label: key, values: samples.map((s) => pick(s)[key] ?? null) }));
    const freshness: Series[] = keysOf(samples, (s) => s.freshness).flatMap((consumer) => [
      { label: `${consumer} p50`, values: samples.map((s) => ms(s.freshness[consumer]?.p50)) },
      { label: `${consumer} p99`, values: samples.map((s) => ms(s.freshness[consumer]?.p99)) },
    ]);
    return {
      events: byKey((s) => s.eventsPerSecond),
      queues: byKey((s) => s.queueDepth),
      freshness,
      recs: [
        { label: 'p50', values: samples.map((s) => ms(s.recommendation.p50)) },
        { label: 'p99', values: samples.map((s) => ms(s.recommendation.p99)) },
      ],
      fallback: [{ label: 'fallback share', values: samples.map((s) => (s.fallbackShare === null ? null : s.fallbackShare * 100)) }],
      dead: byKey((s) => s.deadLettered),
    };
  }, [samples]);
  const latest = samples[samples.length - 1];

  return (
    <div>
      <p className="hint" role="status">
        {connected ? `Live: ${samples.length} scrapes of the services' /metrics` : 'Connecting to the live feed…'}
      </p>
      {latest && latest.scrapeErrors.length > 0 && (
        <ul className="error" aria-label="Scrape errors">
          {latest.scrapeErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="charts">
        <TimeChart title="Events per second, by stage" unit="events/s" times={times} series={charts.events} />
        <TimeChart title="Queue depth (messages ready)" unit="messages" times={times} series={charts.queues} />
        <TimeChart title="Freshness: ingest to applied, per consumer" unit="ms" times={times} series={charts.freshness} />
        <TimeChart title="Recommendation latency at the gateway" unit="ms" times={times} series={charts.recs} />
        <TimeChart title="Fallback share of recommendations" unit="%" times={times} series={charts.fallback} />
        <TimeChart title="Dead-lettered messages (since start)" unit="messages" times={times} series={charts.dead} />
      </div>
      <section aria-labelledby="replicas-heading">
        <h2 id="replicas-heading">Replicas</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Address</th>
              <th scope="col">Ready</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {(latest?.replicas ?? []).map((r) => (
              <tr key={`${r.service}-${r.address}`}>
                <td>{r.service}</td>
                <td>{r.address}</td>
                <td className={r.ready ? 'ok' : 'bad'}>{r.ready ? 'ready' : 'not ready'}</td>
                <td>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function ms(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : seconds * 1000;
}
