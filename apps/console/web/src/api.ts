/** Fetch helpers: a failed call throws with the server's message, which the pages show as it is. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  return readAnswer<T>(response, `GET ${path}`);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return readAnswer<T>(response, `POST ${path}`);
}

async function readAnswer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what} answered ${response.status} with no JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) throw new Error((body as { message?: string }).message ?? `${what} answered ${response.status}`);
  return body as T;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}

export function formatTime(epochMs: number | null | undefined): string {
  if (!epochMs) return '–';
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function productName(id: string): string {
  return id
    .split('-')
    .map((word) => (/^\d/.test(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}
