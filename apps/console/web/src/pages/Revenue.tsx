import type { RevenueView } from '../../../src/shared/api';
import { formatMs, formatTime, getJson } from '../api';
import { usePolling } from '../usePolling';

/** The trade-off in one view: checked but late (the audited batch) beside fresh but unchecked (the stream). */
export function RevenuePage() {
  const { data, error } = usePolling(async () => {
    const started = performance.now();
    const view = await getJson<RevenueView>('/api/revenue');
    return { view, roundTripMs: performance.now() - started };
  }, 3_000);
  const view = data?.view;
  return (
    <div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {view?.error && (
        <p role="alert" className="error">
          {view.error}
        </p>
      )}
      {data && (
        <p className="hint" role="status">
          This page's query latency: {formatMs(view!.queryMs)} on the server, {formatMs(data.roundTripMs)} round trip.
        </p>
      )}
      <div className="two-columns">
        <section aria-labelledby="audited-heading" className="panel">
          <h2 id="audited-heading">Audited daily revenue (nightly batch)</h2>
          <p className="hint">Checked by the audit before it is published: late by design.</p>
          <table aria-label="Audited revenue">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Revenue</th>
                <th scope="col">Orders</th>
                <th scope="col">Data latency</th>
              </tr>
            </thead>
            <tbody>
              {(view?.audited.days ?? []).map((day) => (
                <tr key={`${day.date}-${day.currency}`}>
                  <td>{day.date}</td>
                  <td>
                    {day.revenue} {day.currency}
                  </td>
                  <td>{day.orders}</td>
                  <td title={`published ${formatTime(day.publishedAt)}`}>{formatMs(day.dataLatencyMs)} after the day ended</td>
                </tr>
              ))}
              {(view?.audited.held ?? []).map((held) => (
                <tr key={`held-${held.date}-${held.version}`} className="held">
                  <td>{held.date}</td>
                  <td colSpan={3}>
                    <strong>Held</strong>: {held.reason}
                    {held.findings.length > 0 && ` (${held.findings.join('; ')})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {view && view.audited.days.length === 0 && view.audited.held.length === 0 && (
            <p>No audited day yet: the nightly batch publishes yesterday's revenue after its audit.</p>
          )}
        </section>
        <section aria-labelledby="live-heading" className="panel live">
          <h2 id="live-heading">
            Today's revenue, live (stream) <span className="badge">fresh, unaudited</span>
          </h2>
          <p className="hint">Summed from the archive as the stream fills it: no audit has looked at it.</p>
          <table aria-label="Live revenue">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Revenue</th>
                <th scope="col">Orders</th>
                <th scope="col">Data latency</th>
              </tr>
            </thead>
            <tbody>
              {(view?.live.rows ?? []).map((row) => (
                <tr key={row.currency}>
                  <td>{row.date}</td>
                  <td>
                    {row.revenue} {row.currency}
                  </td>
                  <td>{row.orders}</td>
                  <td>{formatMs(view!.live.dataLatencyMs)} since the newest event</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view && view.live.rows.length === 0 && <p>No purchases archived today yet.</p>}
        </section>
      </div>
    </div>
  );
}
