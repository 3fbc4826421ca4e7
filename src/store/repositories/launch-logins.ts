import mongoose from 'mongoose';
import type { LaunchLoginDoc } from '../models/launch-login.ts';
import type { Models } from '../models/index.ts';

export type NewLaunchLogin = Omit<LaunchLoginDoc, 'usedAt' | 'cookielessPass'>;

export async function recordLaunchLogin(models: Models, login: NewLaunchLogin): Promise<void> {
  await models.LaunchLogin.create(login);
}

/** The login a launch's state names, if it has not expired (used or not). */
export async function selectLaunchLogin(models: Models, state: string, now: Date): Promise<LaunchLoginDoc | null> {
  return models.LaunchLogin.findOne({ state, expiresAt: mongoose.trusted({ $gt: now }) }).lean<LaunchLoginDoc>();
}

/** Marks the login used; only the first caller gets it back (one login, one launch). */
export async function useLaunchLogin(models: Models, state: string, now: Date): Promise<LaunchLoginDoc | null> {
  return models.LaunchLogin.findOneAndUpdate(
    { state, expiresAt: mongoose.trusted({ $gt: now }), usedAt: mongoose.trusted({ $exists: false }) },
    { $set: { usedAt: now } },
    { returnDocument: 'after' },
  ).lean<LaunchLoginDoc>();
}

/**
 * Marks the login used if the launch names its state and carries its nonce, unexpired and unused:
 * the whole binding in one round trip. Null when any of that fails (selectLaunchLogin says which).
 */
export async function takeLaunchLogin(
  models: Models,
  state: string,
  nonce: string,
  now: Date,
): Promise<LaunchLoginDoc | null> {
  return models.LaunchLogin.findOneAndUpdate(
    { state, nonce, expiresAt: mongoose.trusted({ $gt: now }), usedAt: mongoose.trusted({ $exists: false }) },
    { $set: { usedAt: now } },
    { returnDocument: 'after' },
  ).lean<LaunchLoginDoc>();
}

/** Lets the ltik of a launch verified without cookies open its session once (launch-binding.ts). */
export async function grantCookielessPass(
  models: Models,
  state: string,
  pass: NonNullable<LaunchLoginDoc['cookielessPass']>,
): Promise<void> {
  await models.LaunchLogin.updateOne({ state }, { $set: { cookielessPass: pass } });
}

/** Takes the pass for this ltik (single use), with its login's parameters; null when there is none or the login expired. */
export async function takeCookielessPass(
  models: Models,
  ltikHash: string,
  now: Date,
): Promise<{ pass: NonNullable<LaunchLoginDoc['cookielessPass']>; loginParams: Record<string, string> } | null> {
  const doc = await models.LaunchLogin.findOneAndUpdate(
    { 'cookielessPass.ltikHash': ltikHash, expiresAt: mongoose.trusted({ $gt: now }) },
    { $unset: { cookielessPass: '' } },
  ).lean<LaunchLoginDoc>();
  return doc?.cookielessPass ? { pass: doc.cookielessPass, loginParams: doc.loginParams } : null;
}
