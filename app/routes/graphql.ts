// /graphql: a resource route handing the request to graphql-yoga (queries by GET or POST,
// mutations by POST; GraphiQL for browsers).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleGraphQL } from "../../graphql/yoga.server";
import type { LoadContext } from "~/platform/request.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => handleGraphQL(request, context as LoadContext);
export const action = ({ request, context }: ActionFunctionArgs) => handleGraphQL(request, context as LoadContext);
