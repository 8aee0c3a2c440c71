import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness';

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

/** /healthz (the process is alive; never asks dependencies, so it does not flap), /readyz and /metrics. */
export function adminRequestListener(readiness: Readiness, registry: Registry) {
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> => {
    const path = (request.url ?? '').split('?')[0];
    if (path === '/healthz') {
      respond(response, 200, 'application/json', JSON.stringify({ status: 'alive' }));
    } else if (path === '/readyz') {
      const report = await readiness.report();
      // Not ready is a 5xx like any other: it carries the error shape (which check failed, and why) beside the report probes read.
      const failing = Object.entries(report.checks).filter(([, check]) => !check.ok);
      const body = report.ready
        ? report
        : {
            ...report,
            error: {
              code: 'NOT_READY',
              message: `not ready: ${failing.map(([name]) => name).join(', ')}; the details say what each one is waiting for`,
              details: failing.map(([name, check]) => ({ field: name, problem: check.error ?? 'not ok' })),
            },
          };
      respond(response, report.ready ? 200 : 503, 'application/json', JSON.stringify(body));
    } else if (path === '/metrics') {
      respond(response, 200, registry.contentType, await registry.metrics());
    } else return false;
    return true;
  };
}

/**
 * The admin endpoints on their own plain-HTTP port. `host` is SHELFLIFE_ADMIN_HOST: every IPv4 interface
 * by default, as a pod needs for the kubelet's probes and Prometheus; 127.0.0.1 keeps them on a laptop.
 */
export async function startAdminServer(port: number, readiness: Readiness, registry: Registry, host = '0.0.0.0'): Promise<AdminServer> {
  const handle = adminRequestListener(readiness, registry);
  const server = http.createServer((request, response) => {
    handle(request, response)
      .then((handled) => {
        if (!handled)
          respond(
            response,
            404,
            'application/json',
            JSON.stringify({
              error: {
                code: 'NOT_FOUND',
                message: `no ${(request.url ?? '').split('?')[0]} on the admin port: try /healthz, /readyz or /metrics`,
                details: [],
              },
            }),
          );
      })
      .catch((error: Error) =>
        respond(
          response,
          500,
          'application/json',
          JSON.stringify({ error: { code: 'INTERNAL', message: `the admin endpoint failed: ${error.message}`, details: [] } }),
        ),
      );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function respond(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(body);
}
