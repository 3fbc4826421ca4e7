import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../render/html.ts';
import { extraTimeSection } from './extra-time-section.html.ts';

describe('the extra-time form', () => {
  it('tells namesakes apart by their LMS id and escapes names from the LMS', () => {
    const html = renderHtml(
      extraTimeSection({
        ltik: 'k',
        timeLimitMinutes: 30,
        learners: [],
        roster: [
          { userId: '11', userName: 'Jan Novák' },
          { userId: '12', userName: 'Jan Novák' },
          { userId: '13', userName: '<img src=x onerror=alert(1)>' },
        ],
        granted: [{ userId: '12', minutes: 10 }],
      }),
    );
    const options = [...html.matchAll(/<option value="([^"]*)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ['', 'Choose a student'],
      ['11', 'Jan Novák (11)'],
      ['12', 'Jan Novák (12)'],
      ['13', '&lt;img src=x onerror=alert(1)&gt;'],
    ]);
    expect(html).not.toContain('<img');
    expect(html).toContain('Jan Novák <span class="meta">12</span></td><td>+10 min (40 min in all)');
  });
});
