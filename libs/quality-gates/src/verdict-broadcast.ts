import {
  QUARANTINE_VERDICTS_SCHEMA,
  encodeControlMessage,
  type EncodedControlMessage,
  type QuarantineVerdictMessage,
} from '@shelflife/contracts';
import type { IncomingMessage } from '@shelflife/bus';
import { ALERT_KINDS, type QuarantineVerdict } from '@shelflife/quality';
import { noteRejectedControlMessage, receiveControlMessage } from '@shelflife/service-kit';
import type { Logger } from '@shelflife/telemetry';

/** The sentinel's whole set of active verdicts as a `quarantine.verdict` control message (contracts' schema). */
export function encodeVerdictBroadcast(verdicts: readonly QuarantineVerdict[], at = Date.now()): EncodedControlMessage {
  return encodeControlMessage(QUARANTINE_VERDICTS_SCHEMA, { verdicts: [...verdicts], at });
}

/**
 * The verdicts of a received broadcast, in the detectors' terms, or why it was refused (already logged
 * and counted). A kind this service does not know means the sentinel is newer than it: the broadcast is
 * refused by name (the gate keeps the verdicts it had) rather than read as a hold whose meaning this
 * release cannot know. Readers (scorer, aggregator) are upgraded before the sentinel.
 */
export function receiveVerdictBroadcast(
  message: IncomingMessage,
  receiver: { consumer: string; logger: Logger },
): { ok: true; verdicts: QuarantineVerdict[] } | { ok: false; reason: string } {
  const decoded = receiveControlMessage(QUARANTINE_VERDICTS_SCHEMA, message, receiver);
  if (!decoded.ok) return decoded;
  const read = verdictsOf(decoded.value.verdicts);
  if (read.unknownKinds.length === 0) return { ok: true, verdicts: read.verdicts };
  const reason = `${QUARANTINE_VERDICTS_SCHEMA.name} v${decoded.version}: alert kind ${read.unknownKinds.join(', ')} is unknown to this release (the sentinel is newer): upgrade this service`;
  noteRejectedControlMessage(QUARANTINE_VERDICTS_SCHEMA.name, message, reason, receiver);
  return { ok: false, reason };
}

function verdictsOf(wire: readonly QuarantineVerdictMessage[]): { verdicts: QuarantineVerdict[]; unknownKinds: string[] } {
  const verdicts: QuarantineVerdict[] = [];
  const unknownKinds = new Set<string>();
  for (const verdict of wire) {
    const kind = ALERT_KINDS.find((known) => known === verdict.kind);
    if (kind) verdicts.push({ ...verdict, kind });
    else unknownKinds.add(verdict.kind);
  }
  return { verdicts, unknownKinds: [...unknownKinds] };
}
