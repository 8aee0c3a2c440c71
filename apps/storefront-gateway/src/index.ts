// The gateway's one public entry, for what composes services in one process (the all-in-one demo, the
// end-to-end and benchmark tools, other services' specs) and for the tools that read its settings.
// Everything else in src/ is private to the service.
export { start, type GatewayHandle } from './app';
export { gatewaySettings, loadGatewayConfig, type GatewayConfig } from './config';
