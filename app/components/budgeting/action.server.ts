export { orErrorPage, taggedAction, type ActionTag } from "~/components/action.server";
