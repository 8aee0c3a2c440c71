import { sessionEnd, type Session } from './session';

const DAY_MS = 24 * 3600 * 1000;

export interface Split {
  train: Session[];
  test: Session[];
}

/** Sessions ending in the last `days` days are the test set (the session-rec protocol's time split). */
export function splitByLastDays(sessions: Session[], days: number): Split {
  const lastTime = Math.max(...sessions.map(sessionEnd));
  const cut = lastTime - days * DAY_MS;
  return {
    train: sessions.filter((session) => sessionEnd(session) <= cut),
    test: sessions.filter((session) => sessionEnd(session) > cut),
  };
}

/** The last `fraction` of sessions (by start) are the test set: for baskets, which have no meaningful days. */
export function splitByFraction(sessions: Session[], fraction: number): Split {
  const cut = Math.round(sessions.length * (1 - fraction));
  return { train: sessions.slice(0, cut), test: sessions.slice(cut) };
}

/**
 * As session-rec does: test clicks on items never seen in training cannot be predicted by any item-based
 * method, so they are dropped, and sessions left with fewer than two clicks go too.
 */
export function keepPredictable(split: Split, minLength = 2): Split {
  const known = new Set(split.train.flatMap((session) => session.clicks.map((click) => click.itemId)));
  const test = split.test
    .map((session) => ({ ...session, clicks: session.clicks.filter((click) => known.has(click.itemId)) }))
    .filter((session) => session.clicks.length >= minLength);
  return { train: split.train.filter((session) => session.clicks.length >= 1), test };
}
