import type { SigningKey } from '../keys.ts';
import type { SandboxScore, SandboxState } from '../state.ts';

export interface FaultInjection {
  /** Answer the next `count` AGS score posts with this status (simulates an LMS outage). */
  agsFailure: { status: number; body: string; count: number } | null;
  /** Misbehaving launches, for the tool's security tests: expired, wrong audience, unknown deployment. */
  idToken: {
    lifetimeSeconds?: number;
    audience?: string;
    deploymentId?: string;
    nonce?: string;
    /** Claims to set (or replace) in the id_token: a platform that sends a claim in a shape the tool cannot read. */
    claims?: Record<string, unknown>;
  } | null;
  /** Answer roster (NRPS) requests with this status instead of the members. */
  rosterFailure: { status: number; body: string } | null;
  /**
   * Launch as a second registration of the tool in this LMS: another client id, every other id
   * (issuer, deployment, course, link) the same, as two Moodle sites with small integer ids give.
   */
  alternateClientId: string | null;
}

export interface PlatformDeps {
  issuer: string;
  state: SandboxState;
  key: SigningKey;
  faults: FaultInjection;
  /** Launch id_tokens live 60 s, as Moodle's. */
  tokenLifetimeSeconds: number;
  /** Keeps the state in the data folder; called after every change, before the answer. */
  persist: () => void;
  /** Keeps one score post (the record it made) in the data folder, before the answer. */
  persistScore: (lineItemId: string, score: SandboxScore) => void;
}
