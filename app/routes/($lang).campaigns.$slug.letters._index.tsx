import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { localeFromPath, translate } from "~/i18n";
import { LettersView } from "~/letters/LettersPage";
import { lettersAction, lettersLoader } from "~/letters/letters-page.server";
import type { RouteHandle } from "~/root";
import { cacheHeaders } from "~/utils/headers";
import { pageMeta } from "~/utils/meta";

export const handle: RouteHandle = { hydrate: true };

export const loader = (args: LoaderFunctionArgs) => lettersLoader(args);
export const action = (args: ActionFunctionArgs) => lettersAction(args);
export const headers = cacheHeaders;

export const meta: MetaFunction = ({ location, matches }) => {
  const locale = localeFromPath(location.pathname);
  return pageMeta({
    matches,
    location,
    title: translate(locale, "letters.title"),
    description: translate(locale, "letters.intro"),
    image: "/images/share/1988-massacre.png",
  });
};

export default function Letters() {
  return <LettersView />;
}
