import { randomBytes } from "node:crypto";

export interface TestUser {
  username: string;
  email: string;
  password: string;
  city: string;
}

export function generateTestUser(overrides: Partial<TestUser> = {}): TestUser {
  const tag = randomBytes(5).toString("hex");
  return {
    username: `user_${tag}`,
    email: `user_${tag}@example.com`,
    password: `pw-${tag}-long`,
    city: "Новосибирск",
    ...overrides,
  };
}

const HIDDEN_INPUT = /<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g;

function unescapeHtml(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Cookies as a browser would keep them, enough to replay a session. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * The hidden fields of a page's main form (Next's server-action id and state), as a browser would post
 * them: the page's first form, since others (the language switch) name actions of their own.
 */
export async function hiddenFormFields(baseUrl: string, page: string, jar = new CookieJar()): Promise<Record<string, string>> {
  const html = await (await fetch(new URL(page, baseUrl), { headers: { cookie: jar.header() } })).text();
  const [, firstForm = ""] = html.split("<form");
  const fields: Record<string, string> = {};
  for (const [, name = "", value = ""] of firstForm.split("</form>")[0]?.matchAll(HIDDEN_INPUT) ?? []) fields[name] = unescapeHtml(value);
  return fields;
}

/**
 * Submits a page's form as a browser without JavaScript does: the page's hidden action fields
 * plus the named inputs, as multipart/form-data, without following the redirect.
 */
export async function submitForm(
  baseUrl: string,
  page: string,
  fields: Record<string, string>,
  jar = new CookieJar(),
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...(await hiddenFormFields(baseUrl, page, jar)), ...fields })) form.append(name, value);
  const response = await fetch(new URL(page, baseUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { cookie: jar.header(), ...headers },
  });
  jar.store(response);
  return { response, jar, html: response.status === 200 ? await response.text() : "" };
}

/**
 * Submits one of several forms on a page (found by its aria-label), as a browser without JavaScript
 * does: that form's own hidden action fields, since each form on the page names its own action.
 */
export async function submitNamedForm(baseUrl: string, page: string, formLabel: string, fields: Record<string, string>, jar: CookieJar) {
  const html = await (await fetch(new URL(page, baseUrl), { headers: { cookie: jar.header() } })).text();
  const form = html.split("<form").find((part) => part.includes(`aria-label="${formLabel}"`));
  if (!form) throw new Error(`no form «${formLabel}» on ${page}`);
  const body = new FormData();
  for (const [, name = "", value = ""] of form.matchAll(HIDDEN_INPUT)) body.append(name, unescapeHtml(value));
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const response = await fetch(new URL(page, baseUrl), { method: "POST", body, redirect: "manual", headers: { cookie: jar.header() } });
  return { status: response.status, html: await response.text() };
}

export function registrationFields(user: TestUser): Record<string, string> {
  return {
    username: user.username,
    email: user.email,
    password: user.password,
    password_confirm: user.password,
    city: user.city,
  };
}

export async function registerAndSignIn(baseUrl: string, user = generateTestUser()) {
  const { response, jar } = await submitForm(baseUrl, "/register", registrationFields(user));
  if (response.status !== 303) throw new Error(`registration of ${user.username} answered ${response.status}`);
  return { user, jar };
}
