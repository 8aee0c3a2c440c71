import { metrics } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { optInSignals } from './tracing';

describe('optInSignals', () => {
  it('keeps the SDK from exporting metrics and logs nobody asked for', () => {
    expect(optInSignals({})).toEqual({ metricReaders: [], logRecordProcessors: [] });
    // An endpoint for traces (say Jaeger) does not mean metrics or logs should go there too.
    expect(optInSignals({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ metricReaders: [], logRecordProcessors: [] });
  });

  it('leaves each signal to the standard variables once they name an exporter', () => {
    expect(optInSignals({ OTEL_METRICS_EXPORTER: 'otlp' })).toEqual({ logRecordProcessors: [] });
    expect(optInSignals({ OTEL_LOGS_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'prometheus' })).toEqual({});
  });

  it('leaves no meter provider registered, so instrumentations record no metric per request', async () => {
    const sdk = new NodeSDK({ serviceName: 'optin-test', instrumentations: [], ...optInSignals({}) });
    sdk.start();
    try {
      expect(metrics.getMeterProvider().constructor.name).not.toBe('MeterProvider');
    } finally {
      await sdk.shutdown();
    }
  });

  it('is what the SDK would otherwise do: a meter provider with an OTLP reader', async () => {
    const saved = process.env.OTEL_METRICS_EXPORTER;
    delete process.env.OTEL_METRICS_EXPORTER;
    const sdk = new NodeSDK({ serviceName: 'optin-test', instrumentations: [] });
    sdk.start();
    try {
      expect(metrics.getMeterProvider().constructor.name).toBe('MeterProvider');
    } finally {
      await sdk.shutdown();
      metrics.disable();
      if (saved !== undefined) process.env.OTEL_METRICS_EXPORTER = saved;
    }
  });
});
