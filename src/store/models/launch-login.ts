import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One OIDC login the tool started (`/lti/login`), kept until its launch arrives: the state names
 * it, the nonce the id_token must carry (OpenID Connect Core §3.2.2.11), and what the login asked
 * for, so a launch that cannot use cookies can be told how to continue.
 */
export interface LaunchLoginDoc {
  state: string;
  nonce: string;
  issuer: string;
  /** The login request's parameters, to restart the same login in a new window. */
  loginParams: Record<string, string>;
  /** The frame the platform offered for LTI platform storage (`lti_storage_target`), if any. */
  storageTarget?: string;
  /** Origin of the platform's authentication endpoint: where platform-storage messages go. */
  platformOrigin: string;
  expiresAt: Date;
  /** When its launch used it: a login serves one launch. */
  usedAt?: Date;
  /** Set once the ltik of a launch verified without cookies may open one session (see launch-binding.ts). */
  cookielessPass?: { ltikHash: string; cookieName: string; user: string };
}

const schema = new Schema<LaunchLoginDoc>(
  {
    state: { type: String, required: true },
    nonce: { type: String, required: true },
    issuer: { type: String, required: true },
    loginParams: { type: Schema.Types.Mixed, default: {} },
    storageTarget: String,
    platformOrigin: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    cookielessPass: {
      type: new Schema({ ltikHash: String, cookieName: String, user: String }, { _id: false, strict: 'throw' }),
    },
  },
  { strict: 'throw', minimize: false },
);
schema.index({ state: 1 }, { unique: true });
// The store drops a login once it has expired; reads also check expiresAt, so the sweep's timing does not matter.
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
schema.index({ 'cookielessPass.ltikHash': 1 }, { sparse: true });

export function launchLoginModel(conn: Connection): Model<LaunchLoginDoc> {
  return conn.model<LaunchLoginDoc>('LaunchLogin', schema, 'launch_logins');
}
