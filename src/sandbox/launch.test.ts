import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, parseAutoPost, postForm, startFakeTool, startPlatform, type FakeTool, type RunningPlatform } from './test-harness.ts';

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';

describe('sandbox platform: OIDC launch and deep linking', () => {
  let lms: RunningPlatform;
  let tool: FakeTool;
  let activityId: string;
  beforeAll(async () => {
    lms = await startPlatform();
    tool = await startFakeTool();
    await lms.platform.registerWithTool(`${tool.url}/register`);
    const links = await lms.platform.storage.listResourceLinks('2');
    activityId = links[0]!.id;
  });
  afterAll(async () => {
    await tool.close();
    await lms.close();
  });

  it('starts third-party initiated login with the LTI login parameters', async () => {
    const { login } = await browserLaunch(`${lms.url}/sandbox/launch?link=${activityId}&user=3`);
    expect(login.action).toBe(`${tool.url}/login`);
    expect(login.fields).toMatchObject({
      iss: `${lms.url}/sandbox`,
      login_hint: '3',
      target_link_uri: `${tool.url}/launch`,
      client_id: tool.registration!.clientId,
      lti_deployment_id: tool.registration!.deploymentId,
    });
    expect(login.fields.lti_message_hint).toBeTruthy();
  });

  it('launches a student: signed id_token with the LTI claims, AGS endpoint and a 60 s lifetime', async () => {
    const { auth, launch } = await browserLaunch(`${lms.url}/sandbox/launch?link=${activityId}&user=5`);
    expect(auth.headers.get('cache-control')).toBe('no-store');
    expect(launch?.status).toBe(200);
    const claims = tool.launches.at(-1)!;
    expect(claims).toMatchObject({
      iss: `${lms.url}/sandbox`,
      aud: tool.registration!.clientId,
      sub: '5',
      given_name: 'Chloé',
      [`${CLAIM}message_type`]: 'LtiResourceLinkRequest',
      [`${CLAIM}version`]: '1.3.0',
      [`${CLAIM}deployment_id`]: tool.registration!.deploymentId,
      [`${CLAIM}target_link_uri`]: `${tool.url}/launch`,
      [`${CLAIM}resource_link`]: { id: activityId, title: 'Midterm exam' },
      [`${CLAIM}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${CLAIM}context`]: { id: '2', label: 'DL-DEMO', title: 'Deep Learning (demo)' },
      [`${CLAIM}custom`]: { course_flavour: 'demo' },
      [`${CLAIM}launch_presentation`]: { locale: 'fr', document_target: 'window', return_url: `${lms.url}/sandbox/` },
    });
    expect(claims.exp! - claims.iat!).toBe(60);
    const ags = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as { scope: string[]; lineitems: string; lineitem: string };
    expect(ags.lineitems).toBe(`${lms.url}/sandbox/ags/2/lineitems?type_id=1`);
    expect(ags.lineitem).toMatch(new RegExp(`^${lms.url}/sandbox/ags/2/lineitems/[^/]+/lineitem\\?type_id=1$`));
    expect(ags.scope).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
  });

  it('signs the id_token with the key in its JWKS, and the token is dead 60 s after issue', async () => {
    const { auth } = await browserLaunch(`${lms.url}/sandbox/launch?link=${activityId}&user=4`);
    const idToken = parseAutoPost(await auth.text()).fields.id_token!;
    const jwks = createRemoteJWKSet(new URL(`${lms.url}/sandbox/jwks`));
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: `${lms.url}/sandbox`, audience: tool.registration!.clientId });
    expect(protectedHeader.alg).toBe('RS256');
    await expect(jwtVerify(idToken, jwks, { currentDate: new Date((payload.iat! + 61) * 1000) })).rejects.toThrow(/exp/);
  });

  it('answers unknown activities and users on the launch page with 4xx pages', async () => {
    expect((await fetch(`${lms.url}/sandbox/launch?link=nope&user=3`)).status).toBe(404);
    const unknownUser = await fetch(`${lms.url}/sandbox/launch?link=${activityId}&user=99`);
    expect(unknownUser.status).toBe(400);
    expect(await unknownUser.text()).toContain('Unknown user');
  });

  it('gives the instructor the Instructor role', async () => {
    await browserLaunch(`${lms.url}/sandbox/launch?link=${activityId}&user=2`);
    expect(tool.launches.at(-1)![`${CLAIM}roles`]).toEqual(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
  });

  it('refuses an unregistered redirect_uri with a 400 page and posts nothing to it', async () => {
    const start = await fetch(`${lms.url}/sandbox/launch?link=${activityId}&user=3`);
    const login = parseAutoPost(await start.text());
    const authUrl = new URL((await postForm(login.action, login.fields)).headers.get('location')!);
    authUrl.searchParams.set('redirect_uri', 'https://evil.example/steal');
    const response = await fetch(authUrl);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('is not one of the tool');
    expect(html).not.toContain('id_token');
  });

  it('refuses a login_hint that is not the user who started the launch, another deployment, and an unknown message hint', async () => {
    const start = await fetch(`${lms.url}/sandbox/launch?link=${activityId}&user=3`);
    const login = parseAutoPost(await start.text());
    const authUrl = new URL((await postForm(login.action, login.fields)).headers.get('location')!);
    authUrl.searchParams.set('login_hint', '4');
    expect((await fetch(authUrl)).status).toBe(400);
    authUrl.searchParams.set('login_hint', '3');
    authUrl.searchParams.set('lti_deployment_id', 'other-deployment');
    expect((await fetch(authUrl)).status).toBe(400);
    authUrl.searchParams.delete('lti_deployment_id');
    authUrl.searchParams.set('login_hint', '3');
    authUrl.searchParams.set('lti_message_hint', 'forged');
    expect((await fetch(authUrl)).status).toBe(400);
  });

  it('accepts the authorization request as a POST too (OIDC allows both)', async () => {
    const start = await fetch(`${lms.url}/sandbox/launch?link=${activityId}&user=4`);
    const login = parseAutoPost(await start.text());
    const authUrl = new URL((await postForm(login.action, login.fields)).headers.get('location')!);
    const response = await postForm(`${authUrl.origin}${authUrl.pathname}`, Object.fromEntries(authUrl.searchParams));
    expect(response.status).toBe(200);
    const { fields } = parseAutoPost(await response.text());
    expect(decodeJwt(fields.id_token!).sub).toBe('4');
  });

  it('deep linking: the instructor adds an activity whose line item has the tool’s scoreMaximum', async () => {
    const { launch } = await browserLaunch(`${lms.url}/sandbox/add-activity?user=2`);
    expect(launch?.status).toBe(200);
    const request = tool.launches.at(-1)!;
    expect(request[`${CLAIM}message_type`]).toBe('LtiDeepLinkingRequest');
    const settings = request['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as { deep_link_return_url: string; accept_types: string[] };
    expect(settings.accept_types).toContain('ltiResourceLink');
    expect(settings.deep_link_return_url).toBe(`${lms.url}/sandbox/deep-link-return?course=2`);

    const jwt = await tool.deepLinkResponse(request, [
      { type: 'ltiResourceLink', title: 'Exam 2: backprop', url: `${tool.url}/launch?exam=backprop`, custom: { exam: 'backprop', attempts: 2 }, lineItem: { scoreMaximum: 17, label: 'Exam 2', resourceId: 'backprop' } },
      { type: 'html', html: '<p>ignored</p>' },
    ]);
    const returned = await postForm(settings.deep_link_return_url, { JWT: jwt });
    expect(returned.status).toBe(200);
    expect(await returned.text()).toContain('1 activity added');

    const links = await lms.platform.storage.listResourceLinks('2');
    const added = links.find((l) => l.title === 'Exam 2: backprop')!;
    expect(added).toMatchObject({ url: `${tool.url}/launch?exam=backprop`, custom: { exam: 'backprop', attempts: '2' } });
    const book = await lms.platform.gradebook();
    expect(book.lineItems.find((c) => c.resourceLinkId === added.id)).toMatchObject({ label: 'Exam 2', scoreMaximum: 17, activityTitle: 'Exam 2: backprop' });

    // The same response again is a replay.
    expect((await postForm(settings.deep_link_return_url, { JWT: jwt })).status).toBe(400);

    // Launching the new activity targets its own URL and carries its custom parameters.
    const { login } = await browserLaunch(`${lms.url}/sandbox/launch?link=${added.id}&user=3`);
    expect(login.fields.target_link_uri).toBe(`${tool.url}/launch?exam=backprop`);
    expect(tool.launches.at(-1)![`${CLAIM}custom`]).toEqual({ course_flavour: 'demo', exam: 'backprop', attempts: '2' });
  });

  it('refuses a deep-linking response for another launch, an empty form, and students adding activities', async () => {
    await browserLaunch(`${lms.url}/sandbox/add-activity?user=2`);
    const request = tool.launches.at(-1)!;
    const url = `${lms.url}/sandbox/deep-link-return?course=2`;
    const forged = await tool.deepLinkResponse({ ...request, 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { data: 'not-a-launch' } }, []);
    expect((await postForm(url, { JWT: forged })).status).toBe(400);
    expect((await postForm(url, {})).status).toBe(400);
    const students = await fetch(`${lms.url}/sandbox/add-activity?user=3`);
    expect(students.status).toBe(403);
  });

  it('renders the course page with activities, launch forms and the gradebook, escaped', async () => {
    const response = await fetch(`${lms.url}/sandbox`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Deep Learning (demo)');
    expect(html).toContain('Chloé Dubois');
    expect(html).toMatch(/<label for="as-[^"]+">Launch as<\/label>/);
    expect(html).toContain('Gradebook');
    const notice = await (await fetch(`${lms.url}/sandbox?notice=${encodeURIComponent('<script>x</script>')}`)).text();
    expect(notice).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
