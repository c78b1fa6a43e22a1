// npm run staff -- create-admin <email>     print a one-time link (24 hours) to create an admin account
// npm run staff -- list                      list staff accounts (name, roles, two-factor, status)
import { createInvite, inviteValidHours, staffEmail } from "../app/staff/auth.server";
import { closeDatabase, db, schema } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

const [command, argument] = process.argv.slice(2);

function usage(): never {
  console.error("Usage:\n  npm run staff -- create-admin <email>\n  npm run staff -- list");
  process.exit(2);
}

switch (command) {
  case "create-admin": {
    if (!argument || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(argument)) usage();
    const token = createInvite(db(), { roles: ["admin"], email: argument, createdBy: null });
    console.log(`One-time link to create the admin account for ${argument} (valid ${inviteValidHours} hours):\n${env().publicUrl}/staff/setup/${token}`);
    break;
  }
  case "list": {
    for (const user of db().select().from(schema.staffUsers).all()) {
      console.log(
        [user.name, staffEmail(user), user.roles.join("+"), user.totpEnabledAt ? "2FA" : "no 2FA", user.disabledAt ? "disabled" : "active"].join("\t"),
      );
    }
    break;
  }
  default:
    usage();
}
closeDatabase();
