// Any address no other route claims: a 404 page in the reader's language (from the URL prefix).
import { notFound } from "~/utils/http.server";

export function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
