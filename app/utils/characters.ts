// Characters refused in staff-entered and imported text that ends up in letters and pages: control characters
// and bidirectional overrides or isolates, which can hide or reorder what a reader sees. Multi-line text may
// hold tabs and line breaks.
/* eslint-disable no-control-regex -- the refused characters */
export const controlInLine = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
export const controlInText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/* eslint-enable no-control-regex */
