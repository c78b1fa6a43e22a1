import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp, updatedAt } from "./columns";

const encrypted = (name: string) => blob(name, { mode: "buffer" });

export const staffRoles = ["admin", "campaigner", "exporter", "viewer"] as const;
export type StaffRole = (typeof staffRoles)[number];

/** People who run campaigns. Passwords are argon2id hashes; the TOTP secret is encrypted. */
export const staffUsers = sqliteTable(
  "staff_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Keyed hash of the lower-cased address, for look-ups at login. */
    emailHash: text("email_hash").notNull(),
    emailEnc: encrypted("email_enc").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    /** One or more roles, as a JSON array. */
    roles: text("roles", { mode: "json" }).$type<StaffRole[]>().notNull(),
    totpSecretEnc: encrypted("totp_secret_enc"),
    totpEnabledAt: timestamp("totp_enabled_at"),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until"),
    disabledAt: timestamp("disabled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("staff_users_email").on(t.emailHash)],
);

/** Server-side sessions: the cookie holds a random id, the database only its hash. */
export const staffSessions = sqliteTable(
  "staff_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at").notNull(),
    /** Absolute end (12 hours after login); idle sessions end earlier (30 minutes). */
    expiresAt: timestamp("expires_at").notNull(),
    /** When the user last gave a valid two-factor code in this session (exports require a recent one). */
    twoFactorAt: timestamp("two_factor_at"),
    /** Password given but two-factor code still to come: the session grants nothing yet. */
    pendingTwoFactor: integer("pending_two_factor", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("staff_sessions_user").on(t.userId)],
);

/** One-time links to create a staff account (the first admin, or someone an admin invites). */
export const staffInvites = sqliteTable("staff_invites", {
  tokenHash: text("token_hash").primaryKey(),
  roles: text("roles", { mode: "json" }).$type<StaffRole[]>().notNull(),
  /** The address the account must use, when the invitation names one. */
  emailHash: text("email_hash"),
  createdBy: integer("created_by").references(() => staffUsers.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at").notNull(),
  usedAt: timestamp("used_at"),
});

/** What staff did: logins, two-factor changes, role changes, edits, invalidations, exports. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: timestamp("at").notNull(),
    /** Null for events without a known user (a failed login for an unknown address). */
    userId: integer("user_id").references(() => staffUsers.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    /** What was acted on, e.g. "petition:1988-massacre-justice". */
    target: text("target"),
    /** JSON details (filters, counts, reasons); never supporters' personal data. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    ipHash: text("ip_hash"),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_user").on(t.userId)],
);
