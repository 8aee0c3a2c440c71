/** Personal ids plus the usual signed-URL secrets: never put on a span. */
export const REDACTED_QUERY_PARAMS = ['userId', 'sessionId', 'email', 'sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature'];

// Compared without case: `UserId=` or `EMAIL=` name the same thing.
const redacted = new Set(REDACTED_QUERY_PARAMS.map((name) => name.toLowerCase()));

/** A query string with the values of REDACTED_QUERY_PARAMS (any case) replaced by REDACTED. */
export function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed escape is kept as it is: it names no parameter of the list
      }
      return redacted.has(decoded.toLowerCase()) ? `${name}=REDACTED` : pair;
    })
    .join('&');
}
