/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import type { SignOutcome } from "./petitions/sign-action.server";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The client's address as seen through the trusted proxies (never stored as is). */
    clientIp: string;
    /** A sign-form submission the server entry has already handled (app/server/sign-fast-path.ts). */
    signOutcome?: SignOutcome;
    /** Set when a loader or action failed because the database stayed locked (the answer is then a 503). */
    databaseBusy?: boolean;
  }
}

export {};
