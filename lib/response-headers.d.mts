export declare const SECURITY_HEADERS: readonly { readonly key: string; readonly value: string }[];
