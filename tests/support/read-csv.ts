/** A minimal RFC 4180 reader, as a spreadsheet splits rows and cells (CR, LF or CRLF end a row outside quotes). */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

/** What a spreadsheet would run as a formula: a leading = + - @ TAB or CR, unless a plain negative number. */
export const isFormulaCell = (cell: string): boolean =>
  /^[=+\-@\t\r]/.test(cell) && !/^-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
