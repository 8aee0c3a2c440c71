import type { EventType } from '@shelflife/contracts';

/** One interaction as the evaluation sees it: which item, in which session, when (epoch ms), what kind. */
export interface Click {
  sessionId: string;
  userId: string;
  itemId: string;
  time: number;
  type: EventType;
}

export interface Session {
  id: string;
  userId: string;
  clicks: Click[];
}

export const sessionStart = (session: Session): number => session.clicks[0]!.time;
export const sessionEnd = (session: Session): number => session.clicks[session.clicks.length - 1]!.time;

/** Groups clicks into sessions, each in time order (file order on ties), sessions ordered by start. */
export function groupSessions(clicks: Click[]): Session[] {
  const byId = new Map<string, Session>();
  for (const click of clicks) {
    let session = byId.get(click.sessionId);
    if (!session) byId.set(click.sessionId, (session = { id: click.sessionId, userId: click.userId, clicks: [] }));
    session.clicks.push(click);
  }
  const sessions = [...byId.values()];
  for (const session of sessions) session.clicks.sort((a, b) => a.time - b.time); // stable: ties keep file order
  return sessions.sort((a, b) => sessionStart(a) - sessionStart(b));
}

/** Splits a user's long history into sessions at gaps longer than gapMs (OTTO "sessions" are weeks of one user). */
export function splitAtGaps(sessions: Session[], gapMs: number): Session[] {
  const result: Session[] = [];
  for (const session of sessions) {
    let part: Session | undefined;
    let index = 0;
    for (const click of session.clicks) {
      if (!part || click.time - part.clicks[part.clicks.length - 1]!.time > gapMs) {
        part = { id: `${session.id}#${index++}`, userId: session.userId, clicks: [] };
        result.push(part);
      }
      part.clicks.push({ ...click, sessionId: part.id });
    }
  }
  return result.sort((a, b) => sessionStart(a) - sessionStart(b));
}

/** All clicks of the sessions in global time order: the order a live system would have seen them. */
export function clicksInTimeOrder(sessions: Session[]): Click[] {
  return sessions.flatMap((session) => session.clicks).sort((a, b) => a.time - b.time);
}
