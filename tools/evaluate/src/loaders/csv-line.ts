/** Splits one CSV line on `separator`, honouring double quotes ("a, b" stays one field; "" is a quote). */
export function splitCsvLine(line: string, separator = ','): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Non-empty lines of a text file's content, without a trailing carriage return. */
export function textLines(content: string): string[] {
  return content
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

/** Index of each named column in a header, failing with the columns that were found when one is missing. */
export function columnIndexes<T extends string>(header: string[], names: readonly T[], source: string): Record<T, number> {
  const indexes = {} as Record<T, number>;
  for (const name of names) {
    const index = header.findIndex((column) => column.trim().toLowerCase() === name.toLowerCase());
    if (index < 0) throw new Error(`${source}: header has no column ${name} (found: ${header.join(', ')})`);
    indexes[name] = index;
  }
  return indexes;
}
