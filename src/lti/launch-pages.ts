/**
 * The HTML pages the LTI layer answers with. The web layer renders them (web/launch-pages.ts) and
 * the composition root hands them in, so lti/ imports nothing of web/.
 */
export interface LaunchPages {
  errorPage: (status: number, message: string) => string;
  /** The launch cannot be tied to its login inside the frame: the same login in a window of its own. */
  newWindowPage(newWindowUrl: string): string;
  /** At login: store state and nonce with the platform (LTI platform storage), then go on to authenticate. */
  storagePutPage(args: {
    storageTarget: string;
    platformOrigin: string;
    state: string;
    nonce: string;
    authUrl: string;
  }): string;
  /** At launch without the state cookie: read state and nonce back from the platform, then post again. */
  storageCheckPage(args: {
    storageTarget: string;
    platformOrigin: string;
    state: string;
    nonce: string;
    action: string;
    fields: Record<string, string>;
    newWindowUrl: string;
  }): string;
}

/** Where "Open in a new window" goes: the same OIDC login, started again at the top level. */
export function newWindowLoginUrl(loginPath: string, loginParams: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(loginParams)) {
    // A top-level window has no parent frame to keep data for it.
    if (k !== 'lti_storage_target' && typeof v === 'string') params.set(k, v);
  }
  return `${loginPath}?${params.toString()}`;
}
