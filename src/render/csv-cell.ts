/** A negative number literal: kept as is, so a spreadsheet reads it as the number it is. */
const NEGATIVE_NUMBER = /^-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV cell (RFC 4180) that a spreadsheet opens as text, never as a formula (OWASP "CSV
 * injection"): a cell starting with =, +, @, TAB or CR, or with '-' and not a negative number
 * (`-2+3+cmd|...` is a formula, `-0.5` is a number), gets a leading apostrophe. A cell holding a
 * quote, comma, CR or LF is quoted: an unquoted CR (`1\r=1+2`) starts a new row at `=1+2`.
 */
/** What a cell holds: text, a number, a yes/no, or nothing. */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  const text = value === undefined || value === null ? '' : String(value);
  const formulaLike = /^[=+@\t\r]/.test(text) || (text.startsWith('-') && !NEGATIVE_NUMBER.test(text));
  const safe = formulaLike ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
