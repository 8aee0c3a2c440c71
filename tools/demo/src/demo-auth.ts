import { runShoppers, SIM_SOURCES, type DriverSummary } from '@shelflife/shopper-sim';

/** A well-formed event, so that the only thing the gateway can hold against it is the missing or wrong key. */
function oneEvent(): Record<string, unknown> {
  return {
    eventId: crypto.randomUUID(),
    type: 'view',
    userId: 'u-demo-test',
    sessionId: 's-demo-test',
    productId: 'phone-aurora-x1',
    occurredAt: new Date().toISOString(),
    source: SIM_SOURCES[0],
  };
}

/** What the demo's gateway answers a POST /v1/events with this authorization header (none when undefined). */
export async function postOneEvent(gatewayUrl: string, authorization?: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${gatewayUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(oneEvent()),
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code };
}

/** The demo's shoppers for a few seconds, with the run's keys, as `npm run demo` sends them. */
export function shopBriefly(gatewayUrl: string, ingestKeys: Readonly<Record<string, string>>, seconds = 4): Promise<DriverSummary> {
  return runShoppers({
    gatewayUrl,
    durationMs: seconds * 1000,
    sessionsPerSecond: 5,
    maxConcurrentSessions: 50,
    thinkTimeMs: 20,
    seed: 7,
    reportEveryMs: 60_000,
    onReport: () => undefined,
    ingestKeys,
  });
}
