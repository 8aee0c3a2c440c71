import type { Click } from '../session';
import { textLines } from './csv-line';

/** One basket a line, items comma-separated, no times: baskets get increasing synthetic times a minute apart. */
export function parseGroceries(content: string, start = Date.UTC(2020, 0, 1)): Click[] {
  return textLines(content).flatMap((line, basket) =>
    line
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((itemId) => ({ sessionId: `basket-${basket}`, userId: '', itemId, time: start + basket * 60_000, type: 'purchase' as const })),
  );
}
