import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressServer } from './express-server';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Whether each request reached the server already carrying the app's prototypes (before express saw it). */
function watchPrototypes(server: http.Server, app: express.Express): boolean[] {
  const seen: boolean[] = [];
  server.prependListener('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    seen.push(Object.getPrototypeOf(request) === app.request && Object.getPrototypeOf(response) === app.response);
  });
  return seen;
}

function testApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/echo', (request, response) => {
    response.status(201).json({
      got: request.body as unknown,
      isIncoming: request instanceof http.IncomingMessage,
      isResponse: response instanceof http.ServerResponse,
      sameApp: request.app === app && response.app === app,
    });
  });
  app.get('/query', (request, response) => {
    response.json({ q: request.query.q, path: request.path });
  });
  return app;
}

describe('createExpressServer', () => {
  it('hands express requests and responses that already have its prototypes, so express re-prototypes nothing', async () => {
    const app = testApp();
    const server = createExpressServer(app);
    const seen = watchPrototypes(server, app);
    const base = await listen(server);
    try {
      const posted = await fetch(`${base}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ a: 1 }),
      });
      expect(posted.status).toBe(201);
      expect(await posted.json()).toEqual({ got: { a: 1 }, isIncoming: true, isResponse: true, sameApp: true });
      expect(await (await fetch(`${base}/query?q=phone`)).json()).toEqual({ q: 'phone', path: '/query' });
      expect((await fetch(`${base}/missing`)).status).toBe(404);
      expect(seen).toEqual([true, true, true]);
    } finally {
      await close(server);
    }
  });

  it('differs from a plain http server, whose requests express has to re-prototype', async () => {
    const app = testApp();
    const server = http.createServer(app);
    const seen = watchPrototypes(server, app);
    const base = await listen(server);
    try {
      expect((await fetch(`${base}/query?q=case`)).status).toBe(200);
      expect(seen).toEqual([false]);
    } finally {
      await close(server);
    }
  });

  it('keeps the server options it is given', async () => {
    const server = createExpressServer(testApp(), { maxHeaderSize: 1024 });
    const base = await listen(server);
    try {
      expect((await fetch(`${base}/query?q=x`)).status).toBe(200);
      expect((await fetch(`${base}/query?q=x`, { headers: { 'x-big': 'y'.repeat(2048) } })).status).toBe(431);
    } finally {
      await close(server);
    }
  });
});
