import type { Click } from '../session';
import { parseDiginetica } from './diginetica';
import { parseGroceries } from './groceries';
import { parseOnlineRetail } from './online-retail';
import { parseOtto } from './otto';
import { parseSessionTsv } from './session-tsv';

export const FILE_FORMATS = ['session-tsv', 'diginetica', 'otto', 'online-retail', 'groceries'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export function parseClicks(format: FileFormat, content: string, source: string): Click[] {
  switch (format) {
    case 'session-tsv':
      return parseSessionTsv(content, source);
    case 'diginetica':
      return parseDiginetica(content, source);
    case 'otto':
      return parseOtto(content, source);
    case 'online-retail':
      return parseOnlineRetail(content, source);
    case 'groceries':
      return parseGroceries(content);
  }
}
