export { pageTitle } from "~/components/meta";
