// The process's page cache (see app/server/page-cache.ts). Routes never touch it directly; code that
// changes what a public page shows may purge it so readers see the change at once.
import { PageCache } from "../server/page-cache";

export const pageCache = new PageCache();
