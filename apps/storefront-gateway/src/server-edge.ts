import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@shelflife/telemetry';
import { answerExpectContinue } from './body-parsing';
import { errorBody, writeError } from './http-errors';

export interface EdgeOptions {
  /**
   * Runs an answer the server writes for a request without the app (417): the app's span and
   * traceresponse around it. Malformed HTTP has no request to trace: those answers carry no trace.
   */
  aroundAnswer?: (request: http.IncomingMessage, response: http.ServerResponse, answer: () => void) => void;
}

/**
 * What the HTTP server itself answers before express sees a request, made to give the same error
 * shape as the app: `Expect: 100-continue` goes to the app undecided (it may refuse before the body
 * is sent), another Expect gets 417, and malformed HTTP (which Node answers with a bare status
 * line) gets 400/408/413/431 with a body saying what was wrong.
 */
export function guardServerEdge(server: http.Server, app: http.RequestListener, logger: Logger, options: EdgeOptions = {}): void {
  const around = options.aroundAnswer ?? ((_request, _response, answer) => answer());
  server.on('checkContinue', answerExpectContinue(app));
  server.on('checkExpectation', (request: http.IncomingMessage, response: http.ServerResponse) => {
    around(request, response, () =>
      writeError(
        response,
        417,
        'EXPECTATION_FAILED',
        `Expect: ${request.headers.expect} is not supported; send no Expect header, or Expect: 100-continue`,
      ),
    );
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The default listener's rule: only answer when a response can still be written whole. `_httpMessage`
    // is the response in progress on this socket (Node's own field; no public way to reach it here).
    const inProgress = (socket as { _httpMessage?: http.ServerResponse | null })._httpMessage;
    // A client that left (reset, or closed mid-request: the parser's EOF error) is nobody to answer;
    // a request it left in flight is counted as 499 (request-outcomes.ts).
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || !socket.writable || inProgress?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, message] = describeClientError(error);
    logger.debug({ err: error.message, code: error.code, status }, 'malformed HTTP request refused');
    const body = errorBody(code, message);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** The status Node's default listener would send (lib/_http_server.js), with our code and words. */
function describeClientError(error: NodeJS.ErrnoException): [number, string, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'HEADERS_TOO_LARGE', 'the request headers are too large; send fewer or shorter headers'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'PAYLOAD_TOO_LARGE', 'the chunk extensions are too large; send the body without chunk extensions'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'REQUEST_TIMEOUT', 'the request was not received in time; send the whole request promptly'];
    default:
      return [
        400,
        'BAD_REQUEST',
        `the request is not valid HTTP/1.1 (${error.code ?? error.message}); check the request line, headers and framing`,
      ];
  }
}
