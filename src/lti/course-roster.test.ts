import { describe, expect, it } from 'vitest';
import { activeLearners, readCourseRoster } from './course-roster.ts';
import type { LtiIdToken, LtiProvider } from './ltijs.ts';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

describe('the course roster', () => {
  it('keeps active learners only, by name, once each, whatever role spelling the LMS uses', () => {
    expect(
      activeLearners([
        { user_id: '7', name: 'Zoë Adams', roles: [LEARNER] },
        { user_id: '3', given_name: 'Ann', family_name: 'Brown', roles: ['Learner'] },
        { user_id: '9', name: 'Dropped Student', roles: [LEARNER], status: 'Inactive' },
        { user_id: '1', name: 'Dr. Teacher', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] },
        { user_id: '7', name: 'Zoë Adams', roles: [LEARNER], status: 'Active' },
        { user_id: '', name: 'No id', roles: [LEARNER] },
        { user_id: '4', roles: [LEARNER] },
      ]),
    ).toEqual([
      { userId: '4', userName: '4' },
      { userId: '3', userName: 'Ann Brown' },
      { userId: '7', userName: 'Zoë Adams' },
    ]);
  });

  it('says why it is missing when the launch offers none or the LMS does not answer in time', async () => {
    const token = {
      iss: 'https://lms',
      clientId: 'c',
      platformContext: { contextId: 'x', user: 'u', namesRoles: { context_memberships_url: 'https://lms/members' } },
    } as unknown as LtiIdToken;
    const silent = { NamesAndRoles: { getMembers: () => new Promise(() => undefined) } } as unknown as LtiProvider;
    expect(await readCourseRoster(silent, token, 50)).toEqual({
      ok: false,
      reason: 'it could not be read from the LMS (no answer within 0.05 s)',
    });
    const withoutClaim = { ...token, platformContext: { contextId: 'x', user: 'u' } } as LtiIdToken;
    expect(await readCourseRoster(silent, withoutClaim)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('did not offer it'),
    });
    const paged = {
      NamesAndRoles: {
        getMembers: async () => ({
          members: [{ user_id: '5', name: 'Eva', roles: [LEARNER] }],
          next: 'https://lms/members?page=21',
        }),
      },
    } as unknown as LtiProvider;
    expect(await readCourseRoster(paged, token)).toEqual({
      ok: true,
      learners: [{ userId: '5', userName: 'Eva' }],
      truncated: true,
    });
  });
});
