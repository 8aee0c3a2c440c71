import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ConsoleHandle, SpanStore } from '@shelflife/console';
import { FaultSwitch, runShoppers, type DriverSummary } from '@shelflife/shopper-sim';
import { startAllInOne, type AllInOnePipeline } from './all-in-one';
import { buildConsolePages, startConsoleBeside } from './console-beside';
import { freePorts } from '@shelflife/harness';
import { IN_MEMORY } from '@shelflife/store';

export const CHROMIUM = process.env.SHELFLIFE_CHROMIUM ?? '/usr/bin/chromium';

/** Fails loudly, with the command that fixes it, when there is no Chromium to drive. */
export function requireChromium(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: the console's browser tests drive Debian's Chromium. Install it with \`sudo apt-get install -y chromium\` (CI: .ci/run does), or set SHELFLIFE_CHROMIUM to a Chromium binary`,
    );
  }
  return CHROMIUM;
}

export interface ConsoleHarness {
  pipeline: AllInOnePipeline;
  console: ConsoleHandle;
  faults: FaultSwitch;
  browser: Browser;
  page: Page;
  /** Starts shoppers in the background (stopped by close). */
  shop(sessionsPerSecond: number): void;
  close(): Promise<DriverSummary[]>;
}

/** The all-in-one pipeline, the console beside it (its own ports), and a headless Chromium on it. */
export async function startConsoleHarness(root: string): Promise<ConsoleHarness> {
  const executablePath = requireChromium();
  buildConsolePages(root);
  const [port] = await freePorts(1);
  // The services' spans go straight to the console's receiver, in the OTLP JSON an exporter would post
  // (the OTLP/HTTP exporter sends nothing from inside a jest sandbox; the demo uses it).
  const sink: { spans?: SpanStore } = {};
  const toConsole = new SimpleSpanProcessor(new IngestingExporter((body) => sink.spans?.ingest(body)));
  const pipeline = await startAllInOne(
    { ...process.env, SHELFLIFE_HTTP_PORT: '0', SHELFLIFE_ADMIN_PORT: '0', STORE_DIR: IN_MEMORY, LOG_LEVEL: 'error' },
    { spanProcessors: [toConsole] },
  );
  const faults = new FaultSwitch();
  const consoleHandle = await startConsoleBeside(pipeline, {
    env: { ...process.env, LOG_LEVEL: 'error' },
    port: port!,
    faults,
    store: pipeline.store,
  });
  sink.spans = consoleHandle.spans;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const controller = new AbortController();
  const runs: Promise<DriverSummary>[] = [];
  return {
    pipeline,
    console: consoleHandle,
    faults,
    browser,
    page,
    shop(sessionsPerSecond) {
      runs.push(
        runShoppers({
          gatewayUrl: pipeline.gatewayUrl,
          durationMs: 3_600_000,
          sessionsPerSecond,
          maxConcurrentSessions: 2_000,
          thinkTimeMs: 5,
          seed: 42 + runs.length,
          reportEveryMs: 3_600_000,
          onReport: () => undefined,
          signal: controller.signal,
          faults,
        }),
      );
    },
    async close() {
      controller.abort();
      const summaries = await Promise.all(runs);
      await browser.close();
      await consoleHandle.stop();
      await pipeline.stop();
      return summaries;
    },
  };
}

/** Hands finished spans to a function as one OTLP/HTTP JSON export body (what the console's /v1/traces receives). */
class IngestingExporter implements SpanExporter {
  constructor(private readonly ingest: (body: unknown) => void) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const nanos = ([seconds, ns]: [number, number]) => String(BigInt(seconds) * 1_000_000_000n + BigInt(ns));
    this.ingest({
      resourceSpans: spans.map((span) => ({
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: String(span.resource.attributes['service.name'] ?? '?') } }],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: span.spanContext().traceId,
                spanId: span.spanContext().spanId,
                parentSpanId: span.parentSpanContext?.spanId ?? '',
                name: span.name,
                kind: span.kind + 1, // the API's SpanKind counts from 0, OTLP's from 1
                startTimeUnixNano: nanos(span.startTime),
                endTimeUnixNano: nanos(span.endTime),
              },
            ],
          },
        ],
      })),
    });
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** The repository root (tools/demo/src -> ../../..). */
export const ROOT = path.resolve(__dirname, '../../..');

/** Polls until `check` returns a value, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
