import { useState } from 'react';
import type {
  ActionOutcome,
  AlertView,
  ApprovalOutcome,
  BatchRunView,
  ConsoleStatus,
  QualityView,
  QuarantineGroup,
} from '../../../src/shared/api';
import { formatTime, getJson, postJson } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { usePolling } from '../usePolling';

type Pending = { kind: 'replay' | 'discard'; group: QuarantineGroup } | { kind: 'approve'; run: BatchRunView };

/** Alerts, the quarantine per alert with its actions, and the batch audits with approval by hand. */
export function QualityPage() {
  const quality = usePolling(() => getJson<QualityView>('/api/quality'), 2_000);
  const status = usePolling(() => getJson<ConsoleStatus>('/api/status'), 5_000);
  const [pending, setPending] = useState<Pending>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const view = quality.data;

  const act = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'approve') {
        const outcome = await postJson<ApprovalOutcome>(`/api/quality/batches/${encodeURIComponent(pending.run.version)}/approve`, {
          note,
        });
        setMessage({
          text: `Batch ${outcome.version} approved by hand and published${outcome.modelPromoted ? `; its model is live${outcome.announced ? '' : ' (not announced: scorers load it at their next start)'}` : ''}.`,
          error: false,
        });
      } else {
        const result = await postJson<ActionOutcome>(
          `/api/quality/quarantine/${encodeURIComponent(pending.group.alertId)}/${pending.kind}`,
          {},
        );
        const kept = result.refused
          ? `; ${result.refused} stayed held: the contract's rules refuse them now (${result.refusedExamples?.[0]?.reason ?? 'see the sentinel'})`
          : '';
        setMessage({
          text: `${pending.kind === 'replay' ? 'Replayed' : 'Discarded'} ${result.removedFromQuarantine} events of ${pending.group.alertId}${kept}.`,
          error: Boolean(result.refused),
        });
      }
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
      setPending(undefined);
      setNote('');
      quality.reload();
    }
  };

  const setFault = async (fault: string) => {
    try {
      await postJson('/api/simulator/fault', { fault });
      setMessage({
        text: fault === 'none' ? 'Simulator fault stopped.' : `Simulator fault ${fault} started: watch the alerts.`,
        error: false,
      });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
    status.reload();
  };

  const simulator = status.data?.simulator;
  return (
    <div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
      {quality.error && (
        <p role="alert" className="error">
          {quality.error}
        </p>
      )}
      {simulator?.available && (
        <section aria-labelledby="sim-heading" className="panel">
          <h2 id="sim-heading">Shopper simulator</h2>
          <p>
            Active fault: <strong>{simulator.fault}</strong>
          </p>
          {simulator.faults.map((fault) => (
            <button key={fault} type="button" disabled={simulator.fault === fault} onClick={() => void setFault(fault)}>
              Start fault {fault}
            </button>
          ))}
          <button type="button" disabled={simulator.fault === 'none'} onClick={() => void setFault('none')}>
            Stop fault
          </button>
        </section>
      )}
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts</h2>
        {view?.alertsError && (
          <p role="alert" className="error">
            {view.alertsError}
          </p>
        )}
        {view && view.alerts.length === 0 && <p>No alerts: the sentinel finds the stream consistent with what it learned.</p>}
        <ul className="alerts" aria-label="Alerts">
          {(view?.alerts ?? []).map((alert) => (
            <AlertItem key={alert.id} alert={alert} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="quarantine-heading">
        <h2 id="quarantine-heading">Quarantine</h2>
        {view && <p className="hint">{view.actsThrough}</p>}
        {view?.quarantineError && (
          <p role="alert" className="error">
            {view.quarantineError}
          </p>
        )}
        {view && !view.quarantineError && view.quarantine.length === 0 && <p>Nothing held back.</p>}
        {(view?.quarantine ?? []).map((group) => (
          <article key={group.alertId} aria-label={`Quarantine of ${group.alertId}`} className="panel">
            <h3>{group.alertId}</h3>
            <p>
              <strong>{group.events}</strong> events held, ingested {formatTime(group.from)} to {formatTime(group.to)}
            </p>
            <table>
              <caption>Oldest held events</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Type</th>
                  <th scope="col">Product</th>
                  <th scope="col">Price</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {group.samples.map((s) => (
                  <tr key={s.eventId}>
                    <td>
                      <code>{s.eventId.slice(0, 8)}</code>
                    </td>
                    <td>{s.type}</td>
                    <td>{s.productId}</td>
                    <td>{s.price}</td>
                    <td>{s.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setPending({ kind: 'replay', group })}>
              Replay
            </button>
            <button type="button" className="danger" onClick={() => setPending({ kind: 'discard', group })}>
              Discard
            </button>
          </article>
        ))}
      </section>
      <section aria-labelledby="audits-heading">
        <h2 id="audits-heading">Batch audits</h2>
        {view?.batchRunsError && (
          <p role="alert" className="error">
            {view.batchRunsError}
          </p>
        )}
        {view && !view.batchRunsError && view.batchRuns.length === 0 && (
          <p>
            No batch has run yet (the nightly job runs on SHELFLIFE_BATCH_CRON; <code>npm run batch</code> runs one now).
          </p>
        )}
        <table aria-label="Batch runs">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col">State</th>
              <th scope="col">Reason and findings</th>
              <th scope="col">Revenue</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {(view?.batchRuns ?? []).map((run) => (
              <tr
                key={run.version}
                aria-label={`Batch ${run.window.from === run.window.to ? run.window.from : `${run.window.from} to ${run.window.to}`}`}
              >
                <td>
                  {run.window.from}
                  {run.window.to !== run.window.from && ` to ${run.window.to}`}
                  <br />
                  <code className="small">{run.version}</code>
                </td>
                <td className={run.state === 'held' ? 'bad' : run.state === 'published' ? 'ok' : ''}>
                  {run.state}
                  {run.approvedByHand && ' (by hand)'}
                </td>
                <td>
                  {run.reason}
                  {run.findings.length > 0 && (
                    <ul>
                      {run.findings.map((f) => (
                        <li key={f}>{f}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{run.revenue.map((r) => `${r.revenue} ${r.currency}`).join(', ')}</td>
                <td>
                  {run.state === 'held' && (
                    <button type="button" onClick={() => setPending({ kind: 'approve', run })}>
                      Approve by hand
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'approve'
              ? `Approve batch ${pending.run.window.from} by hand?`
              : `${pending.kind === 'replay' ? 'Replay' : 'Discard'} ${pending.group.events} events of ${pending.group.alertId}?`
          }
          confirmLabel={pending.kind === 'approve' ? 'Approve and publish' : pending.kind === 'replay' ? 'Replay them' : 'Discard them'}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={() => void act()}
        >
          {pending.kind === 'approve' ? (
            <>
              <p>The audit held it: {pending.run.reason}</p>
              <label>
                Why the findings are acceptable <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
              </label>
            </>
          ) : pending.kind === 'replay' ? (
            <p>They are published again; every consumer ignores an eventId it has already applied.</p>
          ) : (
            <p>They are deleted for good and never reach the scorer, the archive or the batch.</p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

function AlertItem({ alert }: { alert: AlertView }) {
  return (
    <li
      className={`alert ${alert.active ? 'active' : 'cleared'}`}
      aria-label={`${alert.active ? 'Active' : 'Cleared'} alert ${alert.kind} on ${alert.source}`}
    >
      <h3>
        {alert.active ? 'Active' : 'Cleared'}: {alert.kind} <span className="small">({alert.id})</span>
      </h3>
      <dl>
        <dt>Source</dt>
        <dd>{alert.source}</dd>
        <dt>Field</dt>
        <dd>
          {alert.field} ({alert.eventType === '*' ? 'every type' : alert.eventType})
        </dd>
        <dt>Cause</dt>
        <dd>{alert.cause}</dd>
        <dt>Confidence</dt>
        <dd>{(alert.confidence * 100).toFixed(0)} %</dd>
        <dt>Raised</dt>
        <dd>
          {formatTime(alert.raisedAt)}
          {alert.clearedAt ? `, cleared ${formatTime(alert.clearedAt)}` : ''}
        </dd>
        <dt>First affected event</dt>
        <dd>
          <code>{alert.firstAffectedEventId || '–'}</code>
        </dd>
        <dt>Sample products</dt>
        <dd>{alert.sampleProductIds.join(', ') || '–'}</dd>
      </dl>
    </li>
  );
}
