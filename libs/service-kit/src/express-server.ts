import * as http from 'node:http';

/** What this needs of an express app: its handler and the prototypes express gives every req and res. */
export interface PrototypingApp extends http.RequestListener {
  request: object;
  response: object;
}

/**
 * An HTTP server for an express app whose requests and responses are born with the app's
 * prototypes. Express re-prototypes both objects on every request (Object.setPrototypeOf), and in
 * V8 that costs CPU and makes much of each request's garbage survive the young-generation GC
 * (`npm run bench:hot-path`, docs/benchmarks.md). Here the app's request and response prototypes
 * become the prototypes of two subclasses of Node's own classes, which the server then constructs:
 * express's per-request call finds the prototype already in place and changes nothing.
 * Subclasses rather than Reflect.construct with a borrowed prototype: that variant kept the GC
 * benefit but cost more CPU per request than plain express (measured, not kept).
 */
export function createExpressServer(app: PrototypingApp, options: http.ServerOptions = {}): http.Server {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse<R extends http.IncomingMessage = http.IncomingMessage> extends http.ServerResponse<R> {}
  adoptAppPrototype(AppRequest.prototype, app, 'request');
  adoptAppPrototype(AppResponse.prototype, app, 'response');
  return http.createServer({ ...options, IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}

/** Makes `target` what app[key] was: same prototype chain and the same own `app` property. */
function adoptAppPrototype(target: object, app: PrototypingApp, key: 'request' | 'response'): void {
  const current = app[key];
  Object.setPrototypeOf(target, Object.getPrototypeOf(current));
  for (const name of Reflect.ownKeys(current)) {
    Object.defineProperty(target, name, Object.getOwnPropertyDescriptor(current, name)!);
  }
  app[key] = target;
}
