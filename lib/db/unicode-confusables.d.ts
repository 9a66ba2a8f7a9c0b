// The package ships JavaScript only; this is the part of its API the store uses.
declare module "unicode-confusables" {
  /** Maps every character to its prototype in Unicode's confusables.txt and drops zero-width ones. */
  export function rectifyConfusion(value: string): string;
}
