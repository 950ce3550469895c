// Layout of every /inspector/* page: adds the area's messages to the page's catalog (the root sends only
// the public ones), then renders the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, type ShouldRevalidateFunction } from "@remix-run/react";
import { areaLoader } from "~/components/area.server";

export const loader = (args: LoaderFunctionArgs) => areaLoader(args, ["inspector"]);

// The messages change only with the language, which only a submission (the language switch) changes:
// plain navigations inside the area keep them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? defaultShouldRevalidate : false;

export default function InspectorArea() {
  return <Outlet />;
}
