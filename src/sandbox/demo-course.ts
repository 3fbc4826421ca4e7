/**
 * The one course the sandbox knows. Ids are numeric strings, as Moodle sends them, so a tool that
 * assumes anything else about `sub` or the context id finds out here rather than in production.
 */
export const DEMO_COURSE = { id: '2', label: 'DL-DEMO', title: 'Deep Learning (demo)' } as const;

export interface DemoUser {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  role: 'Learner' | 'Instructor';
  locale: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: '2', givenName: 'Ines', familyName: 'Ortega', email: 'ines.ortega@sandbox.invalid', role: 'Instructor', locale: 'en' },
  { id: '3', givenName: 'Alice', familyName: 'Martin', email: 'alice.martin@sandbox.invalid', role: 'Learner', locale: 'en' },
  { id: '4', givenName: 'Bob', familyName: 'Nguyen', email: 'bob.nguyen@sandbox.invalid', role: 'Learner', locale: 'en' },
  { id: '5', givenName: 'Chloé', familyName: 'Dubois', email: 'chloe.dubois@sandbox.invalid', role: 'Learner', locale: 'fr' },
];

export const findDemoUser = (id: string): DemoUser | undefined => DEMO_USERS.find((u) => u.id === id);

export const fullName = (user: DemoUser): string => `${user.givenName} ${user.familyName}`;

/** The activity every fresh sandbox starts with, as if an instructor had added the tool by hand. */
export const SEED_ACTIVITY = { title: 'Midterm exam', scoreMaximum: 100 } as const;
