import { integer, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, read as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () => timestamp("created_at").notNull().$defaultFn(() => new Date());
export const updatedAt = () =>
  timestamp("updated_at")
    .notNull()
    .$defaultFn(() => new Date());
export const locale = () => text("locale", { enum: ["en", "fa"] }).notNull();
/** Incremented on every edit; an edit that names an older version is refused (no silent overwrite). */
export const version = () => integer("version").notNull().default(1);
