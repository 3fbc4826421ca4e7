import { describe, expect, it } from 'vitest';
import { PaperOptionError, readPaperOptions } from './paper-options.ts';

describe('readPaperOptions', () => {
  it('keeps what was given, trimmed; blank fields are not given', () => {
    expect(
      readPaperOptions({
        course: '  Deep Learning ',
        date: '',
        duration: ' 90 ',
        instructions: '* One\n\n- Two\r\n• Three',
        cover: false,
      }),
    ).toEqual({ course: 'Deep Learning', durationMinutes: 90, instructions: ['One', 'Two', 'Three'] });
    expect(readPaperOptions({})).toEqual({});
  });

  it.each([
    [{ duration: '0' }, 'duration: whole minutes from 1 to 600'],
    [{ duration: '90 min' }, 'duration: whole minutes from 1 to 600'],
    [{ duration: '601' }, 'duration: whole minutes from 1 to 600'],
    [{ course: 'x'.repeat(121) }, 'course: at most 120 characters'],
    [{ date: 'Monday\nroom 2' }, 'date: one line of text'],
    [{ instructions: 'x\n'.repeat(13) }, 'instructions: at most 12 lines'],
  ])('refuses %j naming the field and the rule', (input, message) => {
    expect(() => readPaperOptions(input)).toThrow(
      new PaperOptionError(message.split(':')[0] as string, message.split(': ')[1] as string),
    );
    expect(() => readPaperOptions(input)).toThrow(message);
  });
});
