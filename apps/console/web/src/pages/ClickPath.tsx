import { useEffect, useState } from 'react';
import type { ClickPathView, RecentClick } from '../../../src/shared/api';
import { formatMs, formatTime, getJson } from '../api';
import { usePolling } from '../usePolling';

/** The path of one click: each hop with its time, from the spans the services emit. */
export function ClickPathPage() {
  const clicks = usePolling(() => getJson<RecentClick[]>('/api/storefront/clicks'), 3_000);
  const [chosen, setChosen] = useState<string>();
  const [path, setPath] = useState<ClickPathView>();
  const [error, setError] = useState<string>();
  const traceId = chosen ?? clicks.data?.[0]?.traceId;

  useEffect(() => {
    if (!traceId) return undefined;
    let stop = false;
    const load = () =>
      getJson<ClickPathView>(`/api/click-path/${traceId}`).then(
        (view) => !stop && setPath(view),
        (e: Error) => !stop && setError(e.message),
      );
    void load();
    // Spans arrive in the exporters' batches: ask again until the trace has settled.
    const timer = setInterval(() => void load(), 1_500);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [traceId]);

  const total = Math.max(1, ...(path?.hops ?? []).map((h) => h.endMs));
  return (
    <div className="click-path">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Click{' '}
        <select value={traceId ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {(clicks.data ?? []).map((c) => (
            <option key={c.traceId} value={c.traceId}>
              {formatTime(c.sentAt)} {c.type} {c.productId}
            </option>
          ))}
        </select>
      </label>
      {clicks.data && clicks.data.length === 0 && <p>No clicks yet: click a product on the storefront page first.</p>}
      {path && (
        <section aria-labelledby="hops-heading">
          <h2 id="hops-heading">
            Hops of trace <code>{path.traceId}</code>
          </h2>
          {path.jaegerUrl && (
            <p>
              <a href={path.jaegerUrl} target="_blank" rel="noreferrer">
                Open this trace in Jaeger
              </a>
            </p>
          )}
          {path.note && <p className="hint">{path.note}</p>}
          {path.archivedAt && path.startedAt && (
            <p>Archived {formatMs(path.archivedAt - path.startedAt)} after the click started (the archive's own ingest time).</p>
          )}
          <table aria-label="Hop timeline">
            <thead>
              <tr>
                <th scope="col">Hop</th>
                <th scope="col">Span</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col" className="bar-col">
                  Timeline
                </th>
              </tr>
            </thead>
            <tbody>
              {path.hops.map((hop, i) => (
                <tr key={`${hop.span}-${i}`}>
                  <th scope="row">{hop.hop}</th>
                  <td>
                    <span className="small">{hop.service}</span> {hop.span}
                  </td>
                  <td>+{formatMs(hop.startMs)}</td>
                  <td>+{formatMs(hop.endMs)}</td>
                  <td className="bar-col">
                    <div
                      className="bar"
                      style={{
                        marginLeft: `${(hop.startMs / total) * 100}%`,
                        width: `${Math.max(0.5, ((hop.endMs - hop.startMs) / total) * 100)}%`,
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
