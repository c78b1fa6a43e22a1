// Roles as a permission matrix. Every staff loader and action names the permission it needs; a user may hold
// several roles, and has the union of their permissions.
import type { StaffRole } from "../../db/schema/staff";

export const permissions = [
  "dashboards.view",
  "content.edit",
  "petitions.manage",
  "letters.manage",
  "recipients.manage",
  "comments.moderate",
  "signatures.manage",
  "outbox.manage",
  "exports.run",
  "staff.manage",
  "audit.view",
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<StaffRole, readonly Permission[]> = {
  admin: permissions,
  campaigner: ["dashboards.view", "content.edit", "petitions.manage", "letters.manage", "recipients.manage", "comments.moderate", "outbox.manage"],
  exporter: ["dashboards.view", "exports.run"],
  viewer: ["dashboards.view"],
};

export function permissionsOf(roles: readonly StaffRole[]): Set<Permission> {
  return new Set(roles.flatMap((role) => rolePermissions[role] ?? []));
}

export function can(roles: readonly StaffRole[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}

/** Admins, and anyone who can export supporters' data, must use two-factor authentication. */
export function requiresTwoFactor(roles: readonly StaffRole[]): boolean {
  return roles.includes("admin") || can(roles, "exports.run");
}
