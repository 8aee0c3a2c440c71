import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { APP_LABEL } from './network-reachability';
import { isShelflifeImage, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

function probePort(probe: IProbe): number | string | undefined {
  return probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
}

function declaresPort(container: IContainer, port: number | string): boolean {
  return (container.ports ?? []).some((p) => p.containerPort === port || p.name === port);
}

/**
 * Services whose readiness means more than "the gRPC server answers": a scorer replica is ready only once
 * it has caught up with the event stream (SHELFLIFE_SCORER_READY_LAG_MS), which its admin /readyz reports
 * and the gRPC health status does not. Until then it must get no queries.
 */
export const READY_BY_READYZ: readonly string[] = ['stream-scorer'];

/** Problems with one container's probes; empty when they are meaningful. */
function probeProblems(container: IContainer, app: string | undefined): string[] {
  const problems: string[] = [];
  const { readinessProbe: readiness, livenessProbe: liveness } = container;
  if (!readiness) problems.push('needs a readinessProbe');
  if (!liveness) problems.push('needs a livenessProbe');
  for (const [kind, probe] of [
    ['readiness', readiness],
    ['liveness', liveness],
  ] as const) {
    const port = probe && probePort(probe);
    if (port !== undefined && !declaresPort(container, port)) problems.push(`${kind} probe port ${port} is not a declared containerPort`);
  }
  if (!readiness || !liveness) return problems;
  // Same check for both means a dependency outage (readiness) would also restart the pod (liveness).
  if (
    JSON.stringify({ ...readiness, periodSeconds: 0, initialDelaySeconds: 0, failureThreshold: 0, timeoutSeconds: 0 }) ===
    JSON.stringify({ ...liveness, periodSeconds: 0, initialDelaySeconds: 0, failureThreshold: 0, timeoutSeconds: 0 })
  ) {
    problems.push('readiness and liveness probes check the same thing: liveness must not depend on dependencies');
  }
  if (!isShelflifeImage(container.image)) return problems;
  const readyByReadyz = app !== undefined && READY_BY_READYZ.includes(app);
  const admin = (container.ports ?? []).find((p) => p.name === 'admin');
  if (
    readyByReadyz &&
    (readiness.httpGet?.path !== '/readyz' || (readiness.httpGet.port !== 'admin' && readiness.httpGet.port !== admin?.containerPort))
  ) {
    problems.push(
      'readinessProbe must be httpGet /readyz on the admin port: only /readyz reports the lag behind the stream, so a replaying replica gets no queries',
    );
  }
  const grpcPort = (container.ports ?? []).find((p) => p.name === 'grpc');
  if (grpcPort && !readyByReadyz && readiness.grpc?.port !== grpcPort.containerPort) {
    problems.push(`a gRPC service must be ready by the gRPC health protocol: readinessProbe.grpc.port: ${grpcPort.containerPort}`);
  }
  if (readiness.httpGet && readiness.httpGet.path !== '/readyz') problems.push('HTTP readinessProbe must call /readyz');
  if (liveness.httpGet?.path !== '/healthz') problems.push('livenessProbe must be httpGet /healthz (process health only)');
  return problems;
}

/**
 * Long-running containers need readiness and liveness probes that mean something: on a declared port,
 * not the same check twice, and for Shelflife services the contract: /readyz or gRPC health for
 * readiness (/readyz for the services of READY_BY_READYZ), /healthz for liveness.
 */
export const probesRule: PolicyRule = {
  name: 'probes',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects).filter((p) => p.longRunning)) {
      for (const container of pod.spec.containers ?? []) {
        for (const message of probeProblems(container, pod.labels[APP_LABEL])) {
          violations.push({ rule: this.name, object: pod.ownerId, message: `container ${container.name}: ${message}` });
        }
      }
    }
    return violations;
  },
};
