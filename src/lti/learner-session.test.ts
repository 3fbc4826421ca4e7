import { describe, expect, it } from 'vitest';
import {
  learnerSessionKey,
  platformCookieName,
  signLearnerSession,
  verifyLearnerSession,
  type LearnerClaims,
} from './learner-session.ts';

const claims: LearnerClaims = {
  iss: 'https://moodle.example.edu',
  user: '42',
  clientId: 'abc',
  deploymentId: '1',
  userInfo: { name: 'Alice Novák' },
  platformContext: {
    contextId: 'ctx',
    user: '42',
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    resource: { id: 'rl-1', title: 'Exam' },
    custom: { templates: 'gd' },
    endpoint: { lineitem: 'https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1' },
  },
};
const key = learnerSessionKey('an-lti-key-of-32-characters-0000');
const now = new Date('2026-11-25T10:00:00Z');

describe('learner session', () => {
  it('gives back exactly the signed claims while it is valid', () => {
    const session = signLearnerSession(claims, key, now);
    expect(verifyLearnerSession(session, key, new Date(now.getTime() + 23 * 3600_000))).toEqual({ ok: true, claims });
  });

  it('refuses it after its lifetime', () => {
    const session = signLearnerSession(claims, key, now, 60);
    expect(verifyLearnerSession(session, key, new Date(now.getTime() + 60_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses any change to the claims, another key, and an ltijs ltik', () => {
    const session = signLearnerSession(claims, key, now);
    const [format, payload, signature] = session.split('.') as [string, string, string];
    const asSomeoneElse = Buffer.from(
      Buffer.from(payload, 'base64url').toString().replace('"user":"42"', '"user":"43"'),
    ).toString('base64url');
    expect(verifyLearnerSession(`${format}.${asSomeoneElse}.${signature}`, key, now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyLearnerSession(session, learnerSessionKey('another-lti-key-of-32-chars-0000'), now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyLearnerSession(`${format}.${payload}.${signature.slice(0, -2)}`, key, now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyLearnerSession('eyJhbGciOiJIUzI1NiJ9.e30.AAAA', key, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLearnerSession('', key, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it("names ltijs' platform cookie as ltijs does", () => {
    expect(platformCookieName(claims)).toBe(
      encodeURIComponent(`lti${Buffer.from('https://moodle.example.edu' + 'abc' + '1').toString('base64')}`),
    );
  });
});
