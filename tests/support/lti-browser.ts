/**
 * A minimal browser for integration tests: real HTTP, a cookie jar, manual redirects, and the
 * auto-posting forms LTI uses between platform and tool.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  /** Every URL requested, in order (redirect hops included). */
  readonly visited: string[] = [];

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; url: string; body: string; location: string | null; headers: Headers }> {
    this.visited.push(url);
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return {
      status: res.status,
      url,
      body: await res.text(),
      location: res.headers.get('location'),
      headers: res.headers,
    };
  }

  /** Follows redirects and auto-submitting forms until a page that is neither. */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string | string[]> } = {},
  ): Promise<{ status: number; url: string; body: string; headers: Headers }> {
    let current = await this.request(url, init);
    for (let hops = 0; hops < 15; hops++) {
      if (current.status >= 300 && current.status < 400 && current.location) {
        current = await this.request(new URL(current.location, current.url).toString());
        continue;
      }
      const form = autoSubmitForm(current.body);
      if (form) {
        current = await this.request(new URL(form.action, current.url).toString(), { form: form.fields });
        continue;
      }
      return current;
    }
    throw new Error('too many redirects');
  }
}

/**
 * What a browser sends when `button` is pressed: the form it names (`form="id"`) or sits in is
 * found by id, and its method, action and fields are read, with the button's own name and value.
 */
export function pressButton(
  html: string,
  button: { form: string; name: string; value: string },
): { method: string; action: string; fields: Record<string, string> } {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (
    !new RegExp(
      `<button[^>]*form="${escape(button.form)}"[^>]*name="${escape(button.name)}" value="${escape(button.value)}"`,
    ).test(html)
  )
    throw new Error(`no button for form ${button.form} with ${button.name}=${button.value}`);
  const form = new RegExp(
    `<form id="${escape(button.form)}" method="(\\w+)" action="([^"]+)">([\\s\\S]*?)</form>`,
  ).exec(html);
  if (!form) throw new Error(`no form ${button.form}`);
  const fields: Record<string, string> = {};
  for (const m of (form[3] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[decode(m[1] ?? '')] = decode(m[2] ?? '');
  fields[button.name] = button.value;
  return { method: (form[1] ?? 'get').toUpperCase(), action: decode(form[2] ?? ''), fields };
}

export function autoSubmitForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!/\.submit\(\)|data-auto-submit/.test(html)) return undefined;
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields[decode(m[1] ?? '')] = decode(m[2] ?? '');
  return { action: decode(action), fields };
}

export function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden field ${name} in page`);
  return decode(m[1]);
}

/**
 * The ltijs session token (ltik) of the browser's last launch: ltijs puts it in the URL it
 * redirects the launch to. Learners keep it even though their quiz uses a learner session.
 */
export function launchLtik(browser: TestBrowser): string {
  for (const url of [...browser.visited].reverse()) {
    const ltik = new URL(url).searchParams.get('ltik');
    if (ltik) return ltik;
  }
  throw new Error('no ltik in any URL this browser visited');
}

/**
 * Runs a sandbox launch up to the id_token the platform posts to the tool (not posted): the form,
 * and the tool's login redirect (which carries state and nonce).
 */
export async function idTokenForm(baseUrl: string, user = 'alice', link = 'demo-exam') {
  const browser = new TestBrowser();
  const start = await browser.request(`${baseUrl}/sandbox/launch?user=${user}&link=${link}`);
  const login = await browser.request(new URL(start.location ?? '', baseUrl).toString());
  const auth = await browser.request(new URL(login.location ?? '', baseUrl).toString());
  const form = autoSubmitForm(auth.body);
  if (!form) throw new Error(`no id_token form: ${auth.status} ${auth.body.slice(0, 200)}`);
  return { browser, fields: form.fields, action: form.action, login };
}

/** Presses Start on a timed exam's start page (its clock starts now); answers the quiz page. */
export function pressStart(browser: TestBrowser, baseUrl: string, startPage: string) {
  return browser.request(`${baseUrl}/quiz`, {
    form: {
      session: hiddenField(startPage, 'session'),
      attemptNumber: hiddenField(startPage, 'attemptNumber'),
      action: 'start',
    },
  });
}
