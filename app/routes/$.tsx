// Any URL no other route matches: a 404 rendered by the root error boundary, in the visitor's
// language (the root loader runs because this route matched).
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
