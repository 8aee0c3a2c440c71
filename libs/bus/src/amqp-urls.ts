/** AMQP_URL as the connection and the TLS check read it: a list of nodes, each for the log and the socket. */

/** "amqp://a,amqp://b" -> both; blanks dropped. */
export function splitAmqpUrls(urls: string): string[] {
  const list = urls
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
  if (list.length === 0)
    throw new Error('no RabbitMQ URL given: set AMQP_URL to amqp://user:password@host:5672 (several nodes separated by commas)');
  return list;
}

/** A URL for the log: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A dead peer is noticed within seconds (a broker restart must not leave us writing into a void). */
export function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10');
  return parsed.toString();
}
