import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, locale, timestamp } from "./columns";

/** A supporter's request to erase their data, confirmed from a link sent to the address (7 days, single use). */
export const dataRequests = sqliteTable(
  "data_requests",
  {
    tokenHash: text("token_hash").primaryKey(),
    emailHash: text("email_hash").notNull(),
    locale: locale(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
  },
  (t) => [index("data_requests_email").on(t.emailHash)],
);
