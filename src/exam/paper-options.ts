import type { Lang } from '../engine/template.ts';

/**
 * How a printed exam presents itself: what is printed around the problems, never what the
 * problems are (variants and keys do not depend on it). All optional; a cover page without
 * instructions gets the default ones of its language.
 */
export interface PaperOptions {
  /** "Deep Learning (B3B33UI)": the first line of the sheet or the cover. */
  course?: string;
  /** As the instructor writes it ("12 January 2027, 9:00, room 209"): printed as given. */
  date?: string;
  durationMinutes?: number;
  /** One instruction a line. */
  instructions?: string[];
  /** A first page with the exam's details, the name and ID fields and the instructions. */
  cover?: boolean;
}

export const PAPER_LIMITS = { course: 120, date: 80, instructionsChars: 2000, instructionLines: 12, maxMinutes: 600 };

/** A field the person can fix, named as the form and the CLI name it ("duration", "course"). */
export class PaperOptionError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'PaperOptionError';
  }
}

/** The options as typed into the CLI or the web form; blank fields mean "not given". */
export interface PaperOptionsInput {
  course?: string | undefined;
  date?: string | undefined;
  duration?: string | undefined;
  instructions?: string | undefined;
  cover?: boolean | undefined;
}

const oneLine = (field: string, value: string | undefined, max: number): string | undefined => {
  const text = value?.trim();
  if (!text) return undefined;
  if (/[\r\n]/.test(text)) throw new PaperOptionError(field, 'one line of text');
  if (text.length > max) throw new PaperOptionError(field, `at most ${max} characters`);
  return text;
};

/** Validates what a person typed; throws PaperOptionError naming the field and the rule. */
export function readPaperOptions(input: PaperOptionsInput): PaperOptions {
  const options: PaperOptions = {};
  const course = oneLine('course', input.course, PAPER_LIMITS.course);
  if (course) options.course = course;
  const date = oneLine('date', input.date, PAPER_LIMITS.date);
  if (date) options.date = date;
  const duration = input.duration?.trim();
  if (duration) {
    const minutes = Number(duration);
    if (!/^\d+$/.test(duration) || minutes < 1 || minutes > PAPER_LIMITS.maxMinutes)
      throw new PaperOptionError('duration', `whole minutes from 1 to ${PAPER_LIMITS.maxMinutes}`);
    options.durationMinutes = minutes;
  }
  const instructions = input.instructions?.trim();
  if (instructions) {
    if (instructions.length > PAPER_LIMITS.instructionsChars)
      throw new PaperOptionError('instructions', `at most ${PAPER_LIMITS.instructionsChars} characters`);
    // A line may start with "- " or "* " as a person writes a list; the sheet prints its own bullets.
    const lines = instructions
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s*[-*•]\s+/, '').trim())
      .filter(Boolean);
    if (lines.length > PAPER_LIMITS.instructionLines)
      throw new PaperOptionError('instructions', `at most ${PAPER_LIMITS.instructionLines} lines`);
    options.instructions = lines;
  }
  if (input.cover) options.cover = true;
  return options;
}

/** What a cover page says when the instructor wrote no instructions. */
export const DEFAULT_INSTRUCTIONS: Record<Lang, string[]> = {
  en: [
    'Write your name and student ID above before you start.',
    'Write each answer in the space below its question; show your working.',
    'Give exact values (fractions such as 1/6) where you can.',
    'Tick the boxes of the options you choose.',
  ],
  cs: [
    'Než začnete, vyplňte nahoře své jméno a číslo studenta.',
    'Každou odpověď pište do místa pod otázkou; uveďte postup.',
    'Kde to jde, uvádějte přesné hodnoty (zlomky jako 1/6).',
    'Zvolené možnosti označte křížkem ve čtverečku.',
  ],
};
