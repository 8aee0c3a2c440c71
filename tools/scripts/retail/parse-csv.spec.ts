import { parseCsv } from './parse-csv';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, CRLF and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n1,"AIRLINE LOUNGE,METAL SIGN",2\r\n3,"RECORD FRAME 7"" SINGLE",4\n5,"two\nlines",6';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'AIRLINE LOUNGE,METAL SIGN', '2'],
      ['3', 'RECORD FRAME 7" SINGLE', '4'],
      ['5', 'two\nlines', '6'],
    ]);
  });

  it('says so when a quote is never closed', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
  });
});
