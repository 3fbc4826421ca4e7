/**
 * The parser's messages in the page's language. The parser writes English (the stored record and
 * the command line keep it); a page in Czech shows this translation. Every message shape the
 * parsers produce has a rule here, which parse-error-text.test.ts checks over a corpus of bad input.
 */
export type MessageLang = 'en' | 'cs';

type Rule = [RegExp, (m: RegExpExecArray) => string];

/** What the parser expected, in Czech ("a closing \"]\"" -> "uzavírací \"]\""). */
const WHAT: Rule[] = [
  [/^a number$/, () => 'číslo'],
  [/^a closing (".*")( for the row)?$/, (m) => `uzavírací ${m[1]}${m[2] ? ' na konci řádku' : ''}`],
  [/^a row starting with "\["$/, () => 'řádek začínající "["'],
  [/^"\(" after (.*)$/, (m) => `"(" za ${m[1]}`],
  [/^an interval, a set or a number$/, () => 'interval, množinu nebo číslo'],
  [/^"," between the two ends of the interval$/, () => '"," mezi oběma konci intervalu'],
  [/^"\)" or "\]" to close the interval$/, () => '")" nebo "]" na konci intervalu'],
];

const NOUN: Record<string, string> = {
  'a number': 'číslo',
  'a list of numbers': 'seznam čísel',
  'a vector': 'vektor',
  'a matrix': 'matici',
  'an interval': 'interval',
  'a set': 'množinu',
  'an interval or a set': 'interval nebo množinu',
  'a set of numbers': 'množinu čísel',
};

const DETAIL: Rule[] = [
  [/^expected (.*) but found (.*)$/, (m) => `očekáváno ${what(m[1] ?? '')}, nalezeno ${m[2]}`],
  [/^expected (.*) but the answer ends here$/, (m) => `očekáváno ${what(m[1] ?? '')}, ale odpověď zde končí`],
  [/^unexpected (.*)$/, (m) => `nečekaný znak ${m[1]}`],
  [/^the answer ends too early$/, () => 'odpověď končí předčasně'],
  [/^nested more than (\d+) levels deep$/, (m) => `vnořeno hlouběji než do ${m[1]} úrovní`],
  [/^division by zero$/, () => 'dělení nulou'],
  [
    /^a fractional power of a negative number is not defined$/,
    () => 'neceločíselná mocnina záporného čísla není definována',
  ],
  [/^the value is undefined$/, () => 'hodnota není definována'],
  [/^the value is too large$/, () => 'hodnota je příliš velká'],
  [/^the value is too small$/, () => 'hodnota je příliš malá'],
  [/^the square root of a negative number is not defined$/, () => 'odmocnina záporného čísla není definována'],
  [/^(.*) is not defined for (.*)$/, (m) => `${m[1]} není definováno pro ${m[2]}`],
  [/^infinity is not a number here$/, () => 'nekonečno zde není číslo'],
  [/^unknown name (.*)$/, (m) => `neznámý název ${m[1]}`],
  // A Czech page reads decimal commas (readStructured): this comma stands where none can be one.
  [
    /^use a decimal point, e\.g\. 0\.5 rather than 0,5$/,
    () => 'desetinná čárka patří mezi číslice a položky se pak oddělují středníkem, např. (0; 0,5)',
  ],
  [/^an entry is missing before ","$/, () => 'před "," chybí položka'],
  [/^an entry is missing after ","$/, () => 'za "," chybí položka'],
];

const SENTENCE: Rule[] = [
  [
    /^Could not read (".*") at position (\d+): (.*)$/s,
    (m) => `Nelze přečíst ${m[1]} na pozici ${m[2]}: ${translate(DETAIL, m[3] ?? '') ?? m[3]}`,
  ],
  [
    /^Use a decimal point: write (.*), not (.*) \(a comma separates entries\)$/,
    (m) => `Použijte desetinnou tečku: pište ${m[1]}, ne ${m[2]} (čárka odděluje položky)`,
  ],
  [
    /^Expected (.*) but got (.*?)(: write \(a, b\) for an interval or \{a, b\} for a set)?$/,
    (m) =>
      `Očekáváno ${NOUN[m[1] ?? ''] ?? m[1]}, zadáno ${NOUN[m[2] ?? ''] ?? m[2]}${m[3] ? ': interval pište (a, b), množinu {a, b}' : ''}`,
  ],
  [/^(".*") is not one of the options; choose from (.*)$/, (m) => `${m[1]} není mezi možnostmi; vyberte z ${m[2]}`],
  [/^Choose one of the options: (.*)$/, (m) => `Vyberte jednu z možností: ${m[1]}`],
  [/^Choose only one option \(you gave (.*)\)$/, (m) => `Vyberte jen jednu možnost (zadáno ${m[1]})`],
  [/^This question has no options to choose from$/, () => 'Tato otázka nemá možnosti k výběru'],
  [
    /^An infinite end cannot be closed: write (".*") rather than (".*") in (.*)$/,
    (m) => `Nekonečný konec nemůže být uzavřený: pište ${m[1]} místo ${m[2]} v ${m[3]}`,
  ],
  [/^The lower end of (.*) cannot be inf$/, (m) => `Dolní konec ${m[1]} nemůže být inf`],
  [/^The upper end of (.*) cannot be -inf$/, (m) => `Horní konec ${m[1]} nemůže být -inf`],
  [
    /^The interval (.*) is empty: lower end (.*) is greater than upper end (.*)$/,
    (m) => `Interval ${m[1]} je prázdný: dolní konec ${m[2]} je větší než horní konec ${m[3]}`,
  ],
  [/^The vector is empty$/, () => 'Vektor je prázdný'],
  [/^The matrix is empty$/, () => 'Matice je prázdná'],
  [/^Row 1 is empty$/, () => 'Řádek 1 je prázdný'],
  [
    /^Row (\d+) has (\d+) entr(?:y|ies) but row 1 has (\d+)$/,
    (m) => `Řádek ${m[1]} má ${m[2]} ${czechEntries(Number(m[2]))}, ale řádek 1 má ${m[3]}`,
  ],
  [/^The answer is longer than (\d+) characters$/, (m) => `Odpověď je delší než ${m[1]} znaků`],
  [/^Could not read the answer$/, () => 'Odpověď nelze přečíst'],
  [/^Please enter an answer$/, () => 'Zadejte odpověď'],
];

function czechEntries(n: number): string {
  return n === 1 ? 'položku' : n >= 2 && n <= 4 ? 'položky' : 'položek';
}

function what(english: string): string {
  return translate(WHAT, english) ?? english;
}

function translate(rules: readonly Rule[], text: string): string | undefined {
  for (const [pattern, render] of rules) {
    const m = pattern.exec(text);
    if (m) return render(m);
  }
  return undefined;
}

/** A parser message in the page's language (English as written; Czech by the rules above, English if none fits). */
export function parseErrorText(message: string, lang: MessageLang): string {
  return lang === 'en' ? message : (translate(SENTENCE, message) ?? message);
}

/** Whether a message has a Czech rule (for the coverage test). */
export function hasCzechText(message: string): boolean {
  const cs = translate(SENTENCE, message);
  return cs !== undefined && !/expected|unexpected|but found|answer ends|is not|the value/.test(cs);
}
