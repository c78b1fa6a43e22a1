/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The client's address as seen through the trusted proxies (never stored as is). */
    clientIp: string;
    /** Set when a loader or action failed because the database stayed locked (the answer is then a 503). */
    databaseBusy?: boolean;
  }
}

export {};
