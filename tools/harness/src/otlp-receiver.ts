import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spansOfOtlpJson, type OtlpSpan } from '@shelflife/telemetry';

export type ReceivedSpan = OtlpSpan;

/** An OTLP/HTTP (JSON) trace receiver in the calling process: what Jaeger would get, for the e2e tests to check and the pipeline benchmark to count. */
export async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      try {
        if (request.url === '/v1/traces') spans.push(...spansOfOtlpJson(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        response
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'INVALID_EXPORT', message: (error as Error).message } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
