import type { Messages } from "./catalogue";
import type { Locale } from "./locale";

// Types every t("…") key and locale against the catalogue: a misspelt key fails the type check.
declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
