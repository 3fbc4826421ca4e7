import type { LtiIdToken, LtiProvider, NrpsMember } from './ltijs.ts';

const LEARNER_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
/** Short role names are allowed by NRPS, and some LMSs send them. */
const isLearner = (roles: string[] = []) =>
  roles.some((r) => r === LEARNER_ROLE || r === 'Learner' || r.endsWith('/membership#Learner'));

export interface RosterLearner {
  userId: string;
  userName: string;
}

export type CourseRoster = { ok: true; learners: RosterLearner[]; truncated: boolean } | { ok: false; reason: string };

/**
 * The course's active learners from the LMS (LTI Names and Role Provisioning), so an instructor can
 * pick a student by name, also one who has not opened the activity yet (extra time is usually
 * granted before the exam). An LMS that is slow, down or did not grant the service must not keep
 * the instructor's page from opening: the roster then says why it is missing.
 */
export async function readCourseRoster(lti: LtiProvider, token: LtiIdToken, timeoutMs = 4_000): Promise<CourseRoster> {
  if (!token.platformContext?.namesRoles?.context_memberships_url)
    return {
      ok: false,
      reason: 'the LMS did not offer it with this launch (LTI Names and Role Provisioning is off for the tool)',
    };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const container = await Promise.race([
      lti.NamesAndRoles.getMembers(token, { role: LEARNER_ROLE, pages: 20 }),
      timeout,
    ]);
    return { ok: true, learners: activeLearners(container.members ?? []), truncated: Boolean(container.next) };
  } catch (error) {
    return { ok: false, reason: `it could not be read from the LMS (${reasonOf(error)})` };
  } finally {
    clearTimeout(timer);
  }
}

/** Active learners, by name; an LMS may ignore the role filter, and inactive members cannot sit the exam. */
export function activeLearners(members: NrpsMember[]): RosterLearner[] {
  const seen = new Map<string, RosterLearner>();
  for (const m of members) {
    if (typeof m.user_id !== 'string' || m.user_id === '' || (m.status && m.status !== 'Active') || !isLearner(m.roles))
      continue;
    const userName = m.name || [m.given_name, m.family_name].filter(Boolean).join(' ') || m.user_id;
    seen.set(m.user_id, { userId: m.user_id, userName });
  }
  return [...seen.values()].sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId));
}

function reasonOf(error: unknown): string {
  // ltijs' HTTP client (got) puts the LMS's answer on the error.
  const status = (error as { response?: { statusCode?: number } } | null)?.response?.statusCode;
  if (status) return `the LMS answered ${status}`;
  return error instanceof Error ? error.message : String(error);
}
