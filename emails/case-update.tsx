import { Button, Heading, Text } from "@react-email/components";
import type { CaseStatus } from "../app/modules/cases/schemas";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

/** A step in a citizen's case: registered, referred, answered, closed, rejected, merged, referred on. */
export type CaseUpdateProps = {
  code: string;
  status: CaseStatus;
  /** The unit that acted (region / department), already in the reader's language. */
  unit: string | null;
  /** The answer or the reason, when the step has one. */
  text: string | null;
  url: string;
  /** A follower, not the reporter: `code` is the case's public reference. */
  following?: boolean;
};

export function subject(locale: Locale, props: CaseUpdateProps) {
  return translate(locale, "cases.email.subject", { code: props.code, status: translate(locale, `cases.status.${props.status}`) });
}

export default function CaseUpdate({ locale, code, status, unit, text, url, following = false }: CaseUpdateProps & { locale: Locale }) {
  const statusName = translate(locale, `cases.status.${status}`);
  return (
    <EmailLayout locale={locale} preview={subject(locale, { code, status, unit, text, url })}>
      <Heading as="h1">{translate(locale, following ? "cases.email.headingFollowing" : "cases.email.heading", { code })}</Heading>
      <Text>{translate(locale, "cases.email.status", { status: statusName })}</Text>
      {unit ? <Text>{translate(locale, "cases.email.unit", { unit })}</Text> : null}
      {text ? (
        <Text style={{ whiteSpace: "pre-wrap", borderInlineStart: "3px solid #0f5132", paddingInlineStart: "12px" }}>{text}</Text>
      ) : null}
      <Button href={url} style={buttonStyle}>
        {translate(locale, "cases.email.button")}
      </Button>
      <Text style={{ fontSize: "12px" }}>
        {translate(locale, following ? "cases.email.howToFollowFollowing" : "cases.email.howToFollow", { code })}
      </Text>
    </EmailLayout>
  );
}
