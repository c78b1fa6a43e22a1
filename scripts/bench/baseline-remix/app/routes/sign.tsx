// The one route: a page with a form whose action only redirects (what Remix itself costs for a form post).
import { redirect } from "@remix-run/node";

export function action() {
  return redirect("/x", 303);
}

export default function Sign() {
  return (
    <form method="post">
      <button type="submit">Sign</button>
    </form>
  );
}
