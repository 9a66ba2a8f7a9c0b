/** What a login or registration form shows after a failed submission. */
export interface AuthFormState {
  error?: string;
  fields?: Record<string, string>;
  /** What the user typed, to put back in the form; never the password. */
  values?: Record<string, string>;
}

export type AuthFormAction = (previous: AuthFormState, form: FormData) => Promise<AuthFormState>;

/** A settings form after a submission: what failed, or what was saved. */
export interface SettingsFormState extends AuthFormState {
  saved?: string;
}

export type SettingsFormAction = (previous: SettingsFormState, form: FormData) => Promise<SettingsFormState>;
